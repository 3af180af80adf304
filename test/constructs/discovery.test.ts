import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Workflow } from '../../lib/constructs/workflow';
import { task, workflow } from '../support/models';

function synth(props: { discovery?: boolean; alias?: boolean } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  // A user's own stack with an arbitrary construct path: not a WorkflowStack.
  const stack = new Stack(app, 'MyApp');
  const wf = new Workflow(stack, 'Pipelines', { model: workflow('etl', [task('a'), task('b', ['a'])]), discovery: props.discovery });
  if (props.alias) wf.discovery!.useAlias(`${wf.stateMachine.stateMachineArn}:live`);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as sfn.CfnStateMachine | sqs.CfnQueue);
  return { wf, stack, template: Template.fromStack(stack), sm: id(wf.stateMachine), queue: id(wf.deadLetterQueue) };
}

describe('WorkflowDiscovery', () => {
  test('the Workflow writes /dagstep/<workflow> with its state machine, its live alias, queue and region', () => {
    // GIVEN / WHEN
    const { template, sm, queue, wf, stack } = synth();
    // THEN
    const alias = stack.getLogicalId(wf.node.findAll().find((c) => c instanceof sfn.CfnStateMachineAlias) as sfn.CfnStateMachineAlias);
    template.resourceCountIs('AWS::SSM::Parameter', 1);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/dagstep/etl',
      Type: 'String',
      Value: { 'Fn::Join': ['', ['{"stateMachineArn":"', { Ref: sm }, '","aliasArn":"', { 'Fn::GetAtt': [alias, 'Arn'] }, '","deadLetterQueueUrl":"', { Ref: queue }, '","region":"', { Ref: 'AWS::Region' }, '"}']] },
    });
  });

  test('the state machine (only it, not its role) is tagged with the workflow name and its queue URL', () => {
    // GIVEN / WHEN
    const { template, queue } = synth();
    // THEN
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      Tags: Match.arrayWith([{ Key: 'dagstep:dead-letter-queue', Value: { Ref: queue } }, { Key: 'dagstep:workflow', Value: 'etl' }]),
    });
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as { Properties: { Tags?: { Key: string }[] } }[];
    expect(roles.flatMap((r) => r.Properties.Tags ?? []).filter((t) => t.Key.startsWith('dagstep:'))).toStrictEqual([]);
  });

  test('an alias recorded after construction is written into the parameter', () => {
    // GIVEN / WHEN
    const { template, sm, queue } = synth({ alias: true });
    // THEN
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Value: { 'Fn::Join': ['', ['{"stateMachineArn":"', { Ref: sm }, '","aliasArn":"', { Ref: sm }, ':live","deadLetterQueueUrl":"', { Ref: queue }, '","region":"', { Ref: 'AWS::Region' }, '"}']] },
    });
  });

  test('the workflow\'s concurrency.maxExecutions is written for dagstep backfill', () => {
    // GIVEN a model with a concurrency limit (the field the prod branch adds to the model)
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'MyApp');
    const model = { ...workflow('etl', [task('a')]), concurrency: { maxExecutions: 2 } };
    // WHEN
    new Workflow(stack, 'Pipelines', { model });
    // THEN
    const params = Object.values(Template.fromStack(stack).findResources('AWS::SSM::Parameter')) as { Properties: { Value: { 'Fn::Join': [string, unknown[]] } } }[];
    expect(params[0].Properties.Value['Fn::Join'][1].slice(-1)).toStrictEqual(['","maxExecutions":2}']);
  });

  test('discovery: false writes no parameter and no tags', () => {
    const { template, wf } = synth({ discovery: false });
    template.resourceCountIs('AWS::SSM::Parameter', 0);
    expect(wf.discovery).toBeUndefined();
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: { Tags?: { Key: string }[] } }[];
    expect(machines.flatMap((m) => m.Properties.Tags ?? []).filter((t) => t.Key.startsWith('dagstep:'))).toStrictEqual([]);
  });
});
