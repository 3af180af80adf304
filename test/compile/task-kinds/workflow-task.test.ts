import * as fs from 'fs';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import { synthWorkflow } from '../../support/kind-stack';
import { task, TEST_RETRY, workflow } from '../../support/models';
import { tempDir } from '../../support/temp';

const RETRY = [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: 'FULL' }];
/** The child's execution name: the same for every attempt and redrive of one parent execution. */
const CHILD_NAME = "States.Format('bill-{}', States.Hash(States.Format('{}#bill', $$.Execution.Id), 'MD5'))";
const CHILD_RUN = '$states.input.childRun';
const TRIED = `{% $merge([$states.input, {"childRun": {"arn": ${CHILD_RUN}.arn, "redrivenAt": $states.context.Execution.RedriveCount}}]) %}`;
const SFN_RETRY = [{ ErrorEquals: ['Sfn.ThrottlingException', 'Sfn.SfnException'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' }];
/** The resume of an existing child (a retry or a redrive of the parent): redrive it, poll it, take its output; failed again: back to redrive, which raises. */
const RESUME_STATES = {
  'bill.locate': {
    Type: 'Pass', Comment: 'dagstep: the child exists already (this state ran before): resume that child', ResultPath: '$.childRun',
    Parameters: { 'arn.$': `States.Format('{}:{}', 'arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:\${Select:6:::\${ImportValue:Dagstep-billing-StateMachineArn}}', ${CHILD_NAME})` },
    Next: 'bill.redrive',
  },
  'bill.redrive': {
    Type: 'Task', QueryLanguage: 'JSONata', Comment: 'dagstep: redrive the child (only its failed states run again), once per pass',
    Resource: 'arn:${AWS::Partition}:states:::aws-sdk:sfn:redriveExecution', TimeoutSeconds: 60,
    Arguments: {
      ExecutionArn: `{% $states.context.Execution.RedriveCount > ($exists(${CHILD_RUN}.redrivenAt) ? ${CHILD_RUN}.redrivenAt : -1) ? ${CHILD_RUN}.arn : `
        + `$error("the child execution " & ${CHILD_RUN}.arn & " failed again after its redrive (" & $string(${CHILD_RUN}.Error) & "); redrive this execution to redrive the child again") %}`,
    },
    Output: TRIED, Retry: SFN_RETRY, Catch: [{ ErrorEquals: ['Sfn.ExecutionNotRedrivableException'], Output: TRIED, Next: 'bill.wait' }], Next: 'bill.wait',
  },
  'bill.wait': { Type: 'Wait', Seconds: 10, Next: 'bill.describe' },
  'bill.describe': {
    Type: 'Task', QueryLanguage: 'JSONata', Resource: 'arn:${AWS::Partition}:states:::aws-sdk:sfn:describeExecution', TimeoutSeconds: 60,
    Arguments: { ExecutionArn: `{% ${CHILD_RUN}.arn %}` },
    Output: `{% $merge([$states.input, {"childRun": {"arn": ${CHILD_RUN}.arn, "redrivenAt": ${CHILD_RUN}.redrivenAt, "Status": $states.result.Status, "Output": $states.result.Output, "Error": $states.result.Error, "Cause": $states.result.Cause}}]) %}`,
    Retry: SFN_RETRY, Next: 'bill.status',
  },
  'bill.status': {
    Type: 'Choice',
    Choices: [
      { Or: [{ Variable: '$.childRun.Status', StringEquals: 'RUNNING' }, { Variable: '$.childRun.Status', StringEquals: 'PENDING_REDRIVE' }], Next: 'bill.wait' },
      { Variable: '$.childRun.Status', StringEquals: 'SUCCEEDED', Next: 'bill.output' },
    ],
    Default: 'bill.redrive',
  },
  'bill.output': { Type: 'Pass', ResultPath: '$.childRun', Parameters: { 'out.$': 'States.StringToJson($.childRun.Output)' }, Next: 'bill.resumed' },
  'bill.resumed': { Type: 'Pass', Comment: 'dagstep: the redriven child succeeded; its results as if it had run now', Parameters: { 'results.$': '$.childRun.out.results' }, End: true },
};
const dir = tempDir('workflow-task-');

describe('WorkflowTask', () => {
  test('a workflow task starts the child (sync:2, a deterministic name) inside a Parallel, its failure uncaught, and resumes an existing child', () => {
    // GIVEN a task running the deployed workflow "billing"
    const model = workflow('parent', [task('a', [], { sideEffects: 'none' }), task('bill', ['a'], { workflow: 'billing', retry: TEST_RETRY, timeoutSeconds: 3600 })]);
    // WHEN synthesized
    const { definition, template, stack } = synthWorkflow(model);
    // THEN the task state is a Parallel with the task's retry; nothing but ExecutionAlreadyExists is caught (a failed child fails the
    // execution at bill.run, which a redrive re-runs); its result is the child's {results}
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
              'Name.$': CHILD_NAME,
            },
            TimeoutSeconds: 3600,
            ResultSelector: { 'results.$': '$.Output.results' },
            Catch: [{ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], ResultPath: null, Next: 'bill.locate' }],
            End: true,
          },
          ...RESUME_STATES,
        },
      }],
    });
    // AND the role may start that machine, and redrive and describe its executions only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { 'Fn::ImportValue': 'Dagstep-billing-StateMachineArn' } }]) },
    });
    const childExecutions = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':execution:',
      { 'Fn::Select': [6, { 'Fn::Split': [':', { 'Fn::ImportValue': 'Dagstep-billing-StateMachineArn' }] }] }, ':*']] };
    for (const action of ['states:RedriveExecution', 'states:DescribeExecution']) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([{ Action: action, Effect: 'Allow', Resource: childExecutions }]) },
      });
    }
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
