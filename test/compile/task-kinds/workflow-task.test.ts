import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import { synthWorkflow } from '../../support/kind-stack';
import { task, TEST_RETRY, workflow } from '../../support/models';

const RETRY = [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: 'FULL' }];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-task-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('WorkflowTask', () => {
  test('a workflow task starts the child (sync:2) inside a Parallel that rethrows the child\'s own error', () => {
    // GIVEN a task running the deployed workflow "billing"
    const model = workflow('parent', [task('a', [], { sideEffects: 'none' }), task('bill', ['a'], { workflow: 'billing', retry: TEST_RETRY, timeoutSeconds: 3600 })]);
    // WHEN synthesized
    const { definition, template, stack } = synthWorkflow(model);
    // THEN the task state is a Parallel with the task's retry (a required task catches nothing), its result the child's {results}
    expect(definition.States.bill).toStrictEqual({
      Type: 'Parallel',
      ResultSelector: { 'results.$': '$[0].results' },
      ResultPath: '$.results.bill',
      Retry: RETRY,
      Next: 'dagstep.output',
      Branches: [{
        StartAt: 'bill.run',
        States: {
          'bill.run': {
            Type: 'Task',
            Resource: 'arn:${AWS::Partition}:states:::states:startExecution.sync:2',
            Parameters: {
              Input: { 'input.$': '$.input', results: { 'a.$': '$.results.a' }, 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
              StateMachineArn: '${ImportValue:Dagstep-billing-StateMachineArn}',
            },
            TimeoutSeconds: 3600,
            ResultSelector: { 'results.$': '$.Output.results' },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'bill.isChildFailure' }],
            End: true,
          },
          'bill.isChildFailure': {
            Type: 'Choice', Choices: [{ Variable: '$.Error', StringEquals: 'States.TaskFailed', Next: 'bill.childError' }], Default: 'bill.callFailed',
          },
          'bill.childError': {
            Type: 'Pass',
            Comment: 'dagstep: the Cause of a failed child execution is its DescribeExecution, as JSON',
            Parameters: { 'Error.$': '$.Error', 'Cause.$': '$.Cause', 'child.$': 'States.StringToJson($.Cause)' },
            Next: 'bill.whichError',
          },
          'bill.whichError': {
            Type: 'Choice',
            Choices: [{ And: [{ Variable: '$.child.Error', IsPresent: true }, { Variable: '$.child.Cause', IsPresent: true }], Next: 'bill.childFailed' }],
            Default: 'bill.callFailed',
          },
          'bill.childFailed': { Type: 'Fail', ErrorPath: '$.child.Error', CausePath: '$.child.Cause' },
          'bill.callFailed': { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.Cause' },
        },
      }],
    });
    // AND the role may start that machine and watch its executions only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { 'Fn::ImportValue': 'Dagstep-billing-StateMachineArn' } }]) },
    });
    // AND every dagstep stack exports its machine's ARN under that name
    template.hasOutput('StateMachineArn', { Export: { Name: 'Dagstep-parent-StateMachineArn' } });
    expect(stack.stackName).toBe('Dagstep-parent');
  });

  test('a spec path names the child by the name in that spec', () => {
    // GIVEN a child spec file
    const child = path.join(dir, 'child.yaml');
    fs.writeFileSync(child, 'name: invoices\ntasks:\n  - id: x\n');
    const model = workflow('parent', [task('run_child', [], { workflow: child })]);
    // WHEN
    const { definition } = synthWorkflow(model);
    // THEN
    expect(definition.States.run_child.Branches[0].States['run_child.run'].Parameters.StateMachineArn).toBe('${ImportValue:Dagstep-invoices-StateMachineArn}');
  });
});
