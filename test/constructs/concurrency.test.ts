import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WAIT_MAX_RECEIVES } from '../../lib/constructs/concurrency';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import type { ConcurrencyModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';

function synth(concurrency: ConcurrencyModel) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new WorkflowStack(app, undefined, { model: workflow('nightly', [task('a', [], { sideEffects: 'none' })], { concurrency }) });
  const id = (c: unknown) => stack.getLogicalId((c as { node: { defaultChild: never } }).node.defaultChild);
  return { template: Template.fromStack(stack), stack, wf: stack.workflow, id };
}

const statements = (template: Template, roleId: string) => Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }))
  .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement)
  .map((s) => [s.Action, s.Resource]);

describe('ConcurrencyLimit', () => {
  test('queue: slot table, wait queue redriving after its polls, release on every terminal status of the machine and its versions', () => {
    // GIVEN maxExecutions 1, queue when busy
    const { template, wf, id, stack } = synth({ maxExecutions: 1, whenBusy: 'queue' });
    const c = wf.concurrency!;
    const machine = id(wf.stateMachine);
    // THEN the wait queue is encrypted, polled every 2 minutes and gives up to the limit's dead-letter queue
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 120, SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [id(c.deadLetterQueue), 'Arn'] }, maxReceiveCount: WAIT_MAX_RECEIVES },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    // AND the release rule matches every terminal status of this machine, unqualified or through a version/alias
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: machine }, { prefix: { 'Fn::Join': ['', [{ Ref: machine }, ':']] } }] },
      },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [id(c.releaseFunction), 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(c.deadLetterQueue), 'Arn'] } },
      })],
    });
    // AND the same function looks for stale slots every 15 minutes
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)', Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [id(c.releaseFunction), 'Arn'] } })] });
    // AND the dispatcher reads the wait queue one message at a time, reporting the ones that must wait
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [id(c.waitQueue), 'Arn'] }, BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({
        DAGSTEP_CONCURRENCY_TABLE: { Ref: id(c.table) }, DAGSTEP_MAX_EXECUTIONS: '1', DAGSTEP_START_TARGET: { 'Fn::GetAtt': [stack.getLogicalId(wf.alias.alias), 'Arn'] },
      }) },
    });
  });

  test('least privilege: the machine takes slots and queues; the dispatcher starts the alias only', () => {
    // GIVEN a queueing limit
    const { template, wf, id, stack } = synth({ maxExecutions: 2 });
    const c = wf.concurrency!;
    const alias = { 'Fn::GetAtt': [stack.getLogicalId(wf.alias.alias), 'Arn'] };
    // THEN the state machine may update the slot table and send to the wait queue
    const machine = statements(template, id(wf.stateMachine.role));
    expect(machine).toEqual(expect.arrayContaining([
      ['sqs:SendMessage', { 'Fn::GetAtt': [id(c.waitQueue), 'Arn'] }],
      ['dynamodb:UpdateItem', [{ 'Fn::GetAtt': [id(c.table), 'Arn'] }]],
    ]));
    // AND the dispatcher's only Step Functions rights: start the alias, describe this machine's executions
    const dispatch = statements(template, id(c.dispatchFunction!.role)).filter(([a]) => JSON.stringify(a).includes('states:'));
    expect(dispatch).toStrictEqual([
      ['states:DescribeExecution', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':execution:', { 'Fn::GetAtt': [id(wf.stateMachine), 'Name'] }, ':*']] }],
      ['states:StartExecution', alias],
    ]);
  });

  test('skip: no wait queue and no dispatcher; the machine may write the skip record to the dead-letter queue', () => {
    // GIVEN a limit that skips
    const { template, wf, id } = synth({ maxExecutions: 1, whenBusy: 'skip' });
    // THEN
    expect(wf.concurrency!.waitQueue).toBeUndefined();
    expect(wf.concurrency!.dispatchFunction).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(statements(template, id(wf.stateMachine.role))).toEqual(expect.arrayContaining([['sqs:SendMessage', { 'Fn::GetAtt': [id(wf.deadLetterQueue), 'Arn'] }]]));
  });

  test('queued and skipped runs are counted from the state machine log', () => {
    // GIVEN a limit
    const { template, wf, id } = synth({ maxExecutions: 1 });
    // THEN two metric filters on the machine's log group, in the workflow's run-metrics namespace
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: id(wf.stateMachineLogGroup) },
      FilterPattern: '{ ($.type = "SucceedStateEntered") && ($.details.name = "dagstep.concurrency.queued") }',
      MetricTransformations: [{ MetricName: 'RunsQueued', MetricNamespace: 'dagstep/nightly', MetricValue: '1', Unit: 'Count' }],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.type = "SucceedStateEntered") && ($.details.name = "dagstep.concurrency.skipped") }',
      MetricTransformations: [{ MetricName: 'RunsSkipped', MetricNamespace: 'dagstep/nightly', MetricValue: '1', Unit: 'Count' }],
    });
  });
});
