import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { WorkflowTriggers, WorkflowTriggersProps } from '../../lib/constructs/triggers';

/** An AWS::IAM::Policy resource of a synthesized template, with its statements' shape. */
type PolicyResource<S> = { Properties: { PolicyDocument: { Statement: S[] } } };

const ALIAS = 'arn:aws:states:eu-west-1:123456789012:stateMachine:nightly:live';

function synth(props: Omit<WorkflowTriggersProps, 'target' | 'workflowName'>): { template: Template; triggers: WorkflowTriggers; stack: Stack } {
  const stack = new Stack(new App(), 'T', { env: { account: '123456789012', region: 'eu-west-1' } });
  const target = sfn.StateMachine.fromStateMachineArn(stack, 'Live', ALIAS);
  const triggers = new WorkflowTriggers(stack, 'Triggers', { workflowName: 'nightly', target, ...props });
  return { template: Template.fromStack(stack), triggers, stack };
}

const statementsOf = (template: Template, roleRef: object) => {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [roleRef] } });
  return Object.values(policies).flatMap((p) => (p as PolicyResource<{ Action: unknown; Resource: unknown }>).Properties.PolicyDocument.Statement)
    .map((s) => [s.Action, s.Resource]);
};
const starterArn = (stack: Stack, triggers: WorkflowTriggers) => ({ 'Fn::GetAtt': [stack.getLogicalId(triggers.starter.function.node.defaultChild as never), 'Arn'] });
const invokeStarter = (stack: Stack, triggers: WorkflowTriggers) => ['lambda:InvokeFunction', [starterArn(stack, triggers), { 'Fn::Join': ['', [starterArn(stack, triggers), ':*']] }]];

describe('WorkflowTriggers', () => {
  test('a cron schedule invokes the starter with the scheduled time as logicalDate, retried, dead-lettered', () => {
    // GIVEN a nightly cron with fixed input
    const { template, stack, triggers } = synth({ schedule: { cron: '0 2 * * ? *', input: { region: 'eu' } } });
    const startFailures = { 'Fn::GetAtt': [stack.getLogicalId(triggers.startFailures.node.defaultChild as never), 'Arn'] };
    // THEN one schedule, in its own group, on the starter, which names the execution after the slot
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      GroupName: Match.anyValue(),
      Target: {
        Arn: starterArn(stack, triggers),
        Input: JSON.stringify({ start: 'schedule', input: { region: 'eu', logicalDate: '<aws.scheduler.scheduled-time>' } }),
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: startFailures },
        RoleArn: Match.anyValue(),
      },
    });
    // AND the scheduler's role may only invoke the starter (and write its dead letters)
    const role = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } } }));
    expect(role.length).toBe(1);
    expect(statementsOf(template, { Ref: role[0] })).toStrictEqual([invokeStarter(stack, triggers), ['sqs:SendMessage', startFailures]]);
  });

  test('the starter may only start the alias; a start it fails is retried twice, then lands in StartFailures', () => {
    // GIVEN any trigger
    const { template, stack, triggers } = synth({ schedule: { rate: '1 hour' } });
    const startFailures = { 'Fn::GetAtt': [stack.getLogicalId(triggers.startFailures.node.defaultChild as never), 'Arn'] };
    const fn = stack.getLogicalId(triggers.starter.function.node.defaultChild as never);
    // THEN its role: its own logs, the on-failure queue, StartExecution on the alias, nothing else
    expect(statementsOf(template, { Ref: stack.getLogicalId(triggers.starter.role.node.defaultChild as never) })).toStrictEqual([
      [['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [stack.getLogicalId(triggers.starter.node.findChild('FunctionLogs').node.defaultChild as never), 'Arn'] }],
      [['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], startFailures],
      ['states:StartExecution', ALIAS],
    ]);
    // AND it knows what to start
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x', Environment: { Variables: { DAGSTEP_WORKFLOW: 'nightly', DAGSTEP_START_TARGET: ALIAS } },
    });
    // AND Lambda's asynchronous retries end in StartFailures
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn }, Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: startFailures } },
    });
  });

  test('a rate schedule with a time zone-free expression and a flexible window', () => {
    // GIVEN a rate with a 15-minute window
    const { template } = synth({ schedule: { rate: '1 day', flexibleWindowMinutes: 15 } });
    // THEN
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: Match.objectLike({ Input: JSON.stringify({ start: 'schedule', input: { logicalDate: '<aws.scheduler.scheduled-time>' } }) }),
    });
  });

  test('the failed-starts queue is encrypted and TLS-only', () => {
    // GIVEN any trigger
    const { template, stack, triggers } = synth({ schedule: { rate: '1 hour' } });
    // THEN
    const id = stack.getLogicalId(triggers.startFailures.node.defaultChild as never);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('an event pattern becomes a rule on the starter, named by the event id, with {logicalDate, event} as input', () => {
    // GIVEN an EventBridge pattern as written in a spec (detail-type)
    const { template, stack, triggers } = synth({ triggers: [{ eventPattern: { source: ['acme.orders'], 'detail-type': ['OrderPlaced'] } }] });
    // THEN
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['acme.orders'], 'detail-type': ['OrderPlaced'] },
      Targets: [Match.objectLike({
        Arn: starterArn(stack, triggers),
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: Match.anyValue(),
        InputTransformer: {
          InputPathsMap: { id: '$.id', time: '$.time', source: '$.source', 'detail-type': '$.detail-type', detail: '$.detail' },
          InputTemplate: '{"start":"event","eventId":<id>,"input":{"logicalDate":<time>,"event":{"id":<id>,"source":<source>,"detailType":<detail-type>,"detail":<detail>}}}',
        },
      })],
    });
    // AND the rule, and only it, may invoke the starter
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction', FunctionName: starterArn(stack, triggers), Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [stack.getLogicalId(triggers.rules[0].node.defaultChild as never), 'Arn'] },
    });
  });

  test('S3 object-created in a bucket and prefix becomes an aws.s3 rule with {logicalDate, bucket, key, size, etag}, named by the object write', () => {
    // GIVEN an S3 trigger
    const { template, stack, triggers } = synth({ triggers: [{ s3: { bucket: 'acme-landing', prefix: 'orders/' } }] });
    // THEN the rule matches the bucket and the prefix
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['acme-landing'] }, object: { key: [{ prefix: 'orders/' }] } } },
      Targets: [Match.objectLike({
        Arn: starterArn(stack, triggers),
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [stack.getLogicalId(triggers.startFailures.node.defaultChild as never), 'Arn'] } },
        InputTransformer: Match.objectLike({
          InputTemplate: '{"start":"s3","eventId":<id>,"bucket":<detail-bucket-name>,"key":<detail-object-key>,"sequencer":<detail-object-sequencer>,'
            + '"input":{"logicalDate":<time>,"bucket":<detail-bucket-name>,"key":<detail-object-key>,"size":<detail-object-size>,"etag":<detail-object-etag>,"eventId":<id>}}',
        }),
      })],
    });
    // AND no rule has a role of its own to start anything (the starter's role alone may start the alias)
    template.resourcePropertiesCountIs('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })] } }, 0);
  });

  test('an SQS trigger creates a queue with a dead-letter queue, and a pipe handing each batch to the starter synchronously', () => {
    // GIVEN an SQS trigger without a queue
    const { template, stack, triggers } = synth({ triggers: [{ sqs: { batchSize: 10, maxBatchingWindowSeconds: 30 } }] });
    const queueId = stack.getLogicalId(triggers.sourceQueues[0].node.defaultChild as never);
    // THEN the queue redrives to its dead-letter queue after 5 deliveries
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [stack.getLogicalId(triggers.sourceDeadLetterQueue!.node.defaultChild as never), 'Arn'] }, maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    // AND a pipe reads it in batches and invokes the starter synchronously (a failed start fails the batch)
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Source: { 'Fn::GetAtt': [queueId, 'Arn'] },
      SourceParameters: { SqsQueueParameters: { BatchSize: 10, MaximumBatchingWindowInSeconds: 30 } },
      Target: starterArn(stack, triggers),
      TargetParameters: { LambdaFunctionParameters: { InvocationType: 'REQUEST_RESPONSE' } },
    });
    // AND its role reads that queue and invokes the starter, nothing else
    const role = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'pipes.amazonaws.com' } })] } } }));
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role[0] }] } }))
      .flatMap((p) => (p as PolicyResource<{ Action: unknown; Resource: unknown }>).Properties.PolicyDocument.Statement);
    expect(statements.map((s) => [s.Action, s.Resource])).toStrictEqual([
      [['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], { 'Fn::GetAtt': [queueId, 'Arn'] }],
      invokeStarter(stack, triggers),
    ]);
  });

  test('an SQS trigger on an existing queue by name reads that queue', () => {
    // GIVEN a named queue and the default batch
    const { template } = synth({ triggers: [{ sqs: { queue: 'orders-in' } }] });
    // THEN
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Source: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:eu-west-1:123456789012:orders-in']] }, SourceParameters: { SqsQueueParameters: { BatchSize: 1 } },
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
  });
});
