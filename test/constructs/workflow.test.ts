import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Workflow } from '../../lib/constructs/workflow';
import { task, workflow } from '../support/models';

function synth(model: Parameters<typeof workflow>[1], props: { timeout?: Duration; layout?: 'sp' | 'exact'; logLevel?: sfn.LogLevel; includeExecutionData?: boolean } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'S');
  const wf = new Workflow(stack, 'Wf', { model: workflow('etl', model), ...props });
  return { wf, template: Template.fromStack(stack) };
}

describe('Workflow construct', () => {
  // GIVEN a fork-join with no handlers (the built-in pass-through), one idempotent task
  const { wf, template } = synth([task('a'), task('b', ['a']), task('c', ['a'], { idempotent: true }), task('d', ['b', 'c'])]);

  test('one function per distinct handler, Node 24, X-Ray active, Powertools environment', () => {
    // THEN (the task function, the dead-letter guard and its sweep)
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({
        POWERTOOLS_SERVICE_NAME: 'etl', POWERTOOLS_METRICS_NAMESPACE: 'dagstep', DAGSTEP_WORKFLOW: 'etl',
        DAGSTEP_IDEMPOTENCY_TABLE: Match.anyValue(),
      }) },
    });
    expect(wf.functions.map((f) => f.taskIds)).toStrictEqual([['a', 'b', 'c', 'd']]);
  });

  test('idempotency records outlive the execution timeout plus the 14-day redrive window', () => {
    // THEN (timeout 604 s, see below)
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DAGSTEP_IDEMPOTENCY_EXPIRY_SECONDS: String(604 + 14 * 24 * 3600) }) },
    });
  });

  test('the dead-letter queue is encrypted, TLS-only and keeps messages 14 days', () => {
    // THEN
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]) },
    });
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('a Standard state machine with X-Ray, error logging without execution data, and a worst-case timeout', () => {
    // THEN
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
    });
    // AND the timeout is the worst case of a → (b | c) → d: 3 tasks × (3 attempts × 60 s + 1 s + 2 s) + 10 %
    const sm = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
    expect(JSON.stringify(sm.Properties.DefinitionString)).toContain('\\"TimeoutSeconds\\":604');
  });

  test('least privilege: the state machine may invoke only its function, and sends no letter itself (no optional task)', () => {
    // WHEN
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    const sm = policies.find((p) => JSON.stringify(p).includes('lambda:InvokeFunction'));
    const statements = sm.Properties.PolicyDocument.Statement;
    // THEN required failures stay uncaught (the guard letters them), so the machine needs no sqs:SendMessage;
    // it invokes the function's published version (its exact qualified ARN, no <arn>:*)
    expect(statements[0]).toStrictEqual({ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^WfPassthroughFunctionCurrentVersion/) } });
    expect(JSON.stringify(statements)).not.toContain('sqs:SendMessage');
    // AND the only wildcard resources are for log delivery and X-Ray, which have no resource-level permissions
    for (const s of statements.filter((x: any) => x.Resource === '*')) {
      expect(s.Action.every((a: string) => a.startsWith('logs:') || a.startsWith('xray:'))).toBe(true);
    }
  });

  test('a task function may write only to its own log group (and X-Ray), with no managed policy', () => {
    // THEN
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }) });
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as any[];
    for (const r of roles) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('an idempotent task gets a DynamoDB table its function may use', () => {
    // THEN
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  test('an explicit timeout wins over the computed one', () => {
    // WHEN
    const { template: t } = synth([task('a')], { timeout: Duration.minutes(5) });
    // THEN
    const sm = Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
    expect(JSON.stringify(sm.Properties.DefinitionString)).toContain('\\"TimeoutSeconds\\":300');
  });

  test('verbose logging is one documented prop away', () => {
    // WHEN ALL with execution data is asked for
    const { template: t } = synth([task('a')], { logLevel: sfn.LogLevel.ALL, includeExecutionData: true });
    // THEN
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', { LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }) });
  });
});

describe('cross-branch waits (exact layout)', () => {
  // GIVEN a DAG the exact layout joins across branches: a → c, b → c, b → d
  const { wf, template } = synth([task('a', [], { durationSeconds: 5 }), task('b'), task('c', ['a', 'b']), task('d', ['b'], { durationSeconds: 10 })], { layout: 'exact' });

  test('the coordination table expires its items (TTL)', () => {
    // THEN
    expect(wf.coordinationTable).toBeDefined();
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  test('SendTaskSuccess is granted on the workflow\'s own state machine only, in a policy the machine does not depend on', () => {
    // THEN
    const smId = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'states:SendTaskSuccess', Effect: 'Allow', Resource: { Ref: smId } }] },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('stateMachine:*');
    // AND no hard-coded partition anywhere but the ASL integration ARNs of the definition
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"arn:aws:(?!states:::)/);
  });
});

describe('Workflow construct: log retention', () => {
  test('logRetention reaches every log group the workflow makes, the execution starter\'s included', () => {
    // GIVEN a scheduled workflow whose logs are kept one week
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'S');
    new Workflow(stack, 'Wf', { model: workflow('etl', [task('a')], { schedule: { cron: '0 2 * * ? *' } }), logRetention: logs.RetentionDays.ONE_WEEK });
    // WHEN synthesized
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'))
      .map((g) => (g as { Properties: { RetentionInDays?: number } }).Properties.RetentionInDays);
    // THEN each log group (state machine, functions, the guard's, the starter's) keeps 7 days
    expect(groups.length).toBeGreaterThan(3);
    expect([...new Set(groups)]).toStrictEqual([7]);
  });
});
