import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { GUARD_HANDLER } from '../../lib/constructs/dead-letter-guard';
import { UNSUCCESSFUL_STATUSES } from '../../lib/model/contract';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { task, workflow } from '../support/models';

/** An AWS::IAM::Policy resource of a synthesized template, with its statements' shape. */
type PolicyResource<S> = { Properties: { PolicyDocument: { Statement: S[] } } };

const app = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

describe('DeadLetterGuard', () => {
  // GIVEN a workflow stack
  const stack = new WorkflowStack(app(), undefined, { model: workflow('guarded', [task('a'), task('b', ['a'])]), observability: false });
  const template = Template.fromStack(stack);
  const guard = stack.workflow.deadLetterGuard;
  const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as { logicalId: string }).logicalId) as string;
  const smId = id(stack.workflow.stateMachine);

  test('the guard runs the guard handler, with the queue and its marker table in its environment', () => {
    // THEN
    expect(GUARD_HANDLER.endsWith('lambdas/dead-letter-guard.ts')).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x', Timeout: 60,
      Environment: { Variables: {
        DAGSTEP_WORKFLOW: 'guarded',
        DAGSTEP_DEAD_LETTER_QUEUE_URL: { Ref: id(stack.workflow.deadLetterQueue) },
        DAGSTEP_GUARD_MARKER_TABLE: { Ref: id(guard.markerTable) },
      } },
    });
  });

  test('an EventBridge rule sends FAILED, TIMED_OUT and ABORTED executions of the root machine to it, retried, with a DLQ of its own', () => {
    // THEN
    expect([...UNSUCCESSFUL_STATUSES]).toStrictEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: smId }] },
      },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [id(guard.function), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(guard.eventDeadLetterQueue), 'Arn'] } },
      })],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [id(guard.eventDeadLetterQueue), 'Arn'] } } },
    });
  });

  test('least privilege: read this workflow\'s executions, send to its DLQ, use its markers', () => {
    // WHEN the guard role's policy is read
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: id(guard.function.role!) }] } });
    const statements = Object.values(policies).flatMap((p) => (p as PolicyResource<{ Action: unknown }>).Properties.PolicyDocument.Statement);
    // THEN
    const executions = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':execution:', { 'Fn::GetAtt': [smId, 'Name'] }, ':*']] };
    expect(statements.map((s) => [s.Action, (s as unknown as { Resource: unknown }).Resource])).toStrictEqual([
      [['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [id(guard.node.findChild('FunctionLogs') as never), 'Arn'] }],
      [['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], { 'Fn::GetAtt': [id(guard.eventDeadLetterQueue), 'Arn'] }],
      [['states:DescribeExecution', 'states:GetExecutionHistory'], executions],
      [['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], { 'Fn::GetAtt': [id(stack.workflow.deadLetterQueue), 'Arn'] }],
      [['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], [{ 'Fn::GetAtt': [id(guard.markerTable), 'Arn'] }]],
    ]);
    expect(statements.some((s) => JSON.stringify(s).includes('"*"'))).toBe(false);
  });

  test('the marker table expires markers (TTL) and is encrypted', () => {
    // THEN
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  test('FallbackRescued is counted from the <task>.rescued states in the state machine log', () => {
    // THEN
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: id(stack.workflow.stateMachineLogGroup) },
      FilterPattern: '{ ($.type = "PassStateExited") && ($.details.name = "*.rescued") }',
      MetricTransformations: [{ MetricNamespace: 'dagstep', MetricName: 'FallbackRescued', MetricValue: '1', Dimensions: [{ Key: 'state', Value: '$.details.name' }] }],
    });
  });

  test('a partitioned workflow: the guard reads the child executions too, and the parent may redrive its children', () => {
    // GIVEN three tasks in a chain, at most one per machine
    const s = new WorkflowStack(app(), undefined, {
      model: workflow('parts', [task('a'), task('b', ['a']), task('c', ['b'])]), observability: false, maxTasksPerStateMachine: 1,
    });
    const t = Template.fromStack(s);
    const childNames = s.workflow.childStateMachines.map((c) => ({ 'Fn::GetAtt': [Stack.of(c).resolve((c.node.defaultChild as unknown as { logicalId: string }).logicalId), 'Name'] }));
    // THEN
    expect(childNames).toHaveLength(3);
    for (const name of childNames) {
      const executions = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':execution:', name, ':*']] };
      for (const action of ['states:RedriveExecution', 'states:DescribeExecution']) {
        t.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: action, Resource: executions })]) } });
      }
    }
    const guardReads = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) => (p as PolicyResource<{ Action: unknown; Resource: unknown }>).Properties.PolicyDocument.Statement)
      .find((x) => JSON.stringify(x.Action) === '["states:DescribeExecution","states:GetExecutionHistory"]')!;
    expect((guardReads.Resource as { 'Fn::Join': [string, unknown[]] }[]).map((r) => r['Fn::Join'][1][7])).toStrictEqual([
      { 'Fn::GetAtt': [Stack.of(s).resolve((s.workflow.stateMachine.node.defaultChild as unknown as { logicalId: string }).logicalId), 'Name'] }, ...childNames,
    ]);
  });
});
