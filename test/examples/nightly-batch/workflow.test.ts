import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WorkflowStack } from '../../../lib/constructs/workflow-stack';
import { taskSummaries } from '../private/model-summary';
import { HANDLERS, nightlyBatch } from '../../../examples/nightly-batch/workflow';
import { criticalPath } from '../../../lib/graph/critical-path';
import { LocalWorkflow } from '../../../lib/testing/local-workflow';

const DIR = path.resolve(__dirname, '../../../examples/nightly-batch');

describe('the nightly-batch example (examples/nightly-batch/workflow.ts)', () => {
  test('builds a snapshot fanning out to four steps, an optional index rebuild and statements with a fallback', () => {
    // GIVEN the DSL module
    // WHEN the model is built
    const model = nightlyBatch();
    // THEN it has exactly the designed tasks: the fallback has no dependencies and nothing depends on it
    expect([model.name, model.baseDir, model.slo, HANDLERS]).toStrictEqual(['nightly_batch', DIR, { p99Seconds: 1800, successRate: 0.98 }, path.join(DIR, 'handlers')]);
    expect(taskSummaries(model)).toStrictEqual([
      { id: 'snapshot', dependsOn: [], handler: 'handlers/flaky-step.ts', durationSeconds: 60, timeoutSeconds: 240, retry: 'transient', idempotent: true },
      { id: 'reconcile_accounts', dependsOn: ['snapshot'], handler: 'handlers/flaky-step.ts', durationSeconds: 120, timeoutSeconds: 480, retry: 'transient', idempotent: true },
      { id: 'compute_interest', dependsOn: ['snapshot'], handler: 'handlers/flaky-step.ts', durationSeconds: 90, timeoutSeconds: 360, retry: 'transient', idempotent: true },
      {
        id: 'rebuild_search_index', dependsOn: ['snapshot'], handler: 'handlers/flaky-step.ts', durationSeconds: 200, timeoutSeconds: 800, retry: 'transient',
        optional: true, sideEffects: 'none',
      },
      {
        id: 'send_statements', dependsOn: ['reconcile_accounts', 'compute_interest'], handler: 'handlers/send-statements.ts', durationSeconds: 45, timeoutSeconds: 180,
        retry: 'upstream', idempotent: true, fallback: 'queue_statements',
      },
      { id: 'queue_statements', dependsOn: [], handler: 'handlers/queue-statements.ts', durationSeconds: 5, timeoutSeconds: 60, retry: 'transient', idempotent: true },
      { id: 'publish_report', dependsOn: ['send_statements'], handler: 'handlers/flaky-step.ts', durationSeconds: 20, timeoutSeconds: 80, retry: 'transient', idempotent: true },
      {
        id: 'export_ledger', dependsOn: ['snapshot'], durationSeconds: 90, timeoutSeconds: 1800, retry: 'none', sideEffects: 'none',
        container: { image: 'public.ecr.aws/docker/library/python:3.13-slim', cpu: 512, memory: 1024, command: ['python', '-m', 'ledger_export'], environment: { FORMAT: 'parquet' } },
      },
    ]);
  });

  test('starts itself at 02:00 UTC, never overlaps a running night, and deploys as a canary', () => {
    // GIVEN the DSL module
    // WHEN the model is built
    const model = nightlyBatch();
    // THEN
    expect([model.schedule, model.concurrency, model.deployment, model.triggers]).toStrictEqual([
      { cron: '0 2 * * ? *', timezone: 'UTC' },
      { maxExecutions: 1, whenBusy: 'queue' },
      { type: 'canary', percent: 10, intervalMinutes: 30 },
      undefined,
    ]);
  });

  test('its stack schedules the live alias nightly, gates it to one run, and canaries new versions', () => {
    // GIVEN the example's stack
    const stack = new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), undefined, { model: nightlyBatch() });
    const template = Template.fromStack(stack);
    const alias = { 'Fn::GetAtt': [stack.getLogicalId(stack.workflow.alias.alias), 'Arn'] };
    const starter = stack.workflow.triggers!.starter.function;
    // THEN the schedule hands each slot to the starter, which starts the alias under the slot's name
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: 'UTC',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [stack.getLogicalId(starter.node.defaultChild as never), 'Arn'] }, Input: JSON.stringify({ start: 'schedule', input: { logicalDate: '<aws.scheduler.scheduled-time>' } }) }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ DAGSTEP_START_TARGET: alias }) } });
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live', DeploymentPreference: Match.objectLike({ Type: 'CANARY', Percentage: 10, Interval: 30, Alarms: ['nightly_batch-executions-failed'] }),
    });
    expect(stack.workflow.renderedDefinition(stack.workflow.stateMachine).StartAt).toBe('dagstep.concurrency.acquire.0');
  });

  test('each call builds a fresh, equal model', () => {
    // GIVEN two builds
    // WHEN compared
    // THEN they are equal but not shared
    const [a, b] = [nightlyBatch(), nightlyBatch()];
    expect(b).toStrictEqual(a);
    expect(b).not.toBe(a);
  });

  test('the critical path is the optional index rebuild, within the 30-minute SLO', () => {
    // GIVEN the model
    // WHEN its critical path is computed
    // THEN snapshot + rebuild (260 s) outlasts the statements chain (245 s)
    expect(criticalPath(nightlyBatch())).toStrictEqual({ lengthSeconds: 260, path: ['snapshot', 'rebuild_search_index'] });
  });

  describe('with an approval before the report is published', () => {
    // The example's flaky step fails 20 % of attempts at random (FAILURE_RATE); these cases are about
    // the approval, so the handlers run without random faults and every attempt count is exact.
    const savedRate = process.env.FAILURE_RATE;
    beforeAll(() => { process.env.FAILURE_RATE = '0'; });
    afterAll(() => { if (savedRate === undefined) delete process.env.FAILURE_RATE; else process.env.FAILURE_RATE = savedRate; });
    const ledger = { return: { file: 's3://lake/ledger.parquet', rows: 1 } };
    const decision = { decision: 'approved', by: 'arn:aws:iam::123456789012:role/Ops', at: '2026-11-25T07:00:00.000Z' };

    test('the report waits for the approval, and the decision is the approval task\'s result', async () => {
      // GIVEN the example with an approver and a local approval
      const model = nightlyBatch({ approvalNotify: 'ops@example.com' });
      expect(model.tasks.find((t) => t.id === 'publish_report')!.dependsOn).toStrictEqual(['approve_report']);
      // WHEN run locally (FAILURE_RATE=0: no random transient faults)
      const { summary, result } = await new LocalWorkflow(model).run({ mocks: { export_ledger: ledger, approve_report: { return: decision } } });
      // THEN
      expect(summary.status).toBe('SUCCEEDED');
      expect([summary.tasks.approve_report, summary.tasks.publish_report]).toStrictEqual([{ status: 'SUCCEEDED', attempts: 1 }, { status: 'SUCCEEDED', attempts: 1 }]);
      expect((result.output as { results: Record<string, unknown> }).results.approve_report).toStrictEqual(decision);
    });

    test('a reject is a dagstep.Rejected error: the report is not published, the night\'s letter says who rejected', async () => {
      // GIVEN a reject
      const model = nightlyBatch({ approvalNotify: 'ops@example.com' });
      const cause = JSON.stringify({ ...decision, decision: 'rejected' });
      // WHEN
      const { summary } = await new LocalWorkflow(model).run({ mocks: { export_ledger: ledger, approve_report: { throw: { error: 'dagstep.Rejected', cause } } } });
      // THEN
      expect(summary.status).toBe('FAILED');
      expect([summary.tasks.approve_report.status, summary.tasks.publish_report.status]).toStrictEqual(['FAILED', 'NOT_RUN']);
      expect(summary.deadLetters.map((d) => [d.taskId, d.error, d.cause])).toStrictEqual([['approve_report', 'dagstep.Rejected', cause]]);
    });
  });
});
