import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { task, workflow } from '../support/models';

describe('WorkflowStack', () => {
  test('is named Dagstep-<name with _ replaced by -> and exports the outputs the CLI resolves', () => {
    // GIVEN a workflow with underscores in its name
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    // WHEN its stack is built
    const stack = new WorkflowStack(app, undefined, { model: workflow('nightly_batch_x', [task('a', [], { sideEffects: 'none' })], { description: 'desc' }) });
    const template = Template.fromStack(stack);
    // THEN
    expect(stack.stackName).toBe('Dagstep-nightly-batch-x');
    expect(stack.node.id).toBe('Dagstep-nightly-batch-x');
    expect(template.toJSON().Description).toBe('dagstep workflow nightly_batch_x: desc');
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    for (const name of ['StateMachineArn', 'DeadLetterQueueUrl', 'DeadLetterQueueArn']) {
      expect(Object.keys(template.findOutputs(name)).length).toBe(1);
    }
    expect(Object.keys(outputs).sort()).toStrictEqual(['AlarmTopicArn', 'AliasArn', 'DashboardName', 'DeadLetterQueueArn', 'DeadLetterQueueUrl', 'StateMachineArn']);
    template.hasOutput('StateMachineArn', { Value: { Ref: stack.getLogicalId(stack.workflow.stateMachine.node.defaultChild as never) } });
    template.hasOutput('DeadLetterQueueArn', { Value: { 'Fn::GetAtt': [stack.getLogicalId(stack.workflow.deadLetterQueue.node.defaultChild as never), 'Arn'] } });
    template.hasOutput('DeadLetterQueueUrl', { Value: { Ref: stack.getLogicalId(stack.workflow.deadLetterQueue.node.defaultChild as never) } });
    template.hasOutput('AliasArn', { Value: { 'Fn::GetAtt': [stack.getLogicalId(stack.workflow.alias.alias), 'Arn'] } });
  });

  test('an explicit construct id is kept; the stack name still comes from the workflow', () => {
    // GIVEN / WHEN
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new WorkflowStack(app, 'MyStack', { model: workflow('etl', [task('a', [], { sideEffects: 'none' })]) });
    // THEN
    expect([stack.node.id, stack.stackName]).toStrictEqual(['MyStack', 'Dagstep-etl']);
    // without observability there is no alarm topic or dashboard output
    const bare = new WorkflowStack(app, 'Bare', { model: workflow('bare', [task('a', [], { sideEffects: 'none' })]), observability: false });
    expect(Object.keys(Template.fromStack(bare).toJSON().Outputs).sort()).toStrictEqual(['AliasArn', 'DeadLetterQueueArn', 'DeadLetterQueueUrl', 'StateMachineArn']);
    expect(Template.fromStack(stack).toJSON().Description).toBe('dagstep workflow etl');
  });
});
