import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { EventBridgeEvent } from 'aws-lambda';
import { handler, StatusChange } from '../../../lambdas/concurrency/release';
import { acquireStateName } from '../../../lib/compile/concurrency';
import { LocalWorkflow } from '../../../lib/testing/local-workflow';
import { task, workflow } from '../../support/models';
import { ENV_VARS, slotStore } from './slot-store';

const statusEvent = (executionArn: string, status: string) => ({
  'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', detail: { executionArn, status },
}) as unknown as EventBridgeEvent<string, StatusChange>;

let log: jest.SpyInstance;
beforeEach(() => {
  Object.assign(process.env, ENV_VARS);
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => log.mockRestore());

describe('release handler', () => {
  test('a TIMED_OUT run frees the slot its acquire took; the repeated event frees nothing', async () => {
    // GIVEN a limited workflow whose task outlives the execution timeout, run on the local engine
    const model = workflow('nightly', [task('slow', [], { sideEffects: 'none', durationSeconds: 50, timeoutSeconds: 100 })],
      { concurrency: { maxExecutions: 2 }, timeoutSeconds: 10 });
    const local = new LocalWorkflow(model);
    const { summary, result } = await local.run({ executionName: 'night-2026-11-27' });
    expect(summary.status).toBe('TIMED_OUT');
    // AND its first task was the acquire of slot 0, which writes `$$.Execution.Id` as owner
    // (test/compile/concurrency.test.ts); slot 1 is owned by another execution
    expect(result.history.find((e) => e.type === 'TaskScheduled')?.stateName).toBe(acquireStateName(0));
    const { table } = slotStore({ 0: summary.executionId, 1: 'arn:other' });
    // WHEN the TIMED_OUT status event arrives, twice
    const first = await handler(statusEvent(summary.executionId, 'TIMED_OUT'));
    const second = await handler(statusEvent(summary.executionId, 'TIMED_OUT'));
    // THEN the first frees slot 0 only; the second is a no-op
    expect(first).toStrictEqual({ freed: [0] });
    expect(second).toStrictEqual({ freed: [] });
    expect([...table.entries()]).toStrictEqual([['slot#1', 'arn:other']]);
    // AND the release is logged with a metric, once
    expect(log.mock.calls.map((c) => JSON.parse(c[0])).map((l) => [l.message, l.status, l.slots, l.SlotsReleased])).toStrictEqual([
      ['concurrency slot released', 'TIMED_OUT', [0], 1],
    ]);
  });

  test('a queued or skipped run owns no slot: its SUCCEEDED event frees nothing', async () => {
    // GIVEN both slots owned by other executions
    const { table } = slotStore({ 0: 'arn:a', 1: 'arn:b' });
    // WHEN a queued run's execution ends
    const r = await handler(statusEvent('arn:queued', 'SUCCEEDED'));
    // THEN nothing changed
    expect(r).toStrictEqual({ freed: [] });
    expect(table.size).toBe(2);
  });

  test('the scheduled check frees slots of executions that ended unseen, and keeps running ones', async () => {
    // GIVEN slot 0 owned by an ABORTED execution whose event was lost, slot 1 by a running one
    const { table } = slotStore({ 0: 'arn:aborted', 1: 'arn:running' });
    const sfn = mockClient(SFNClient);
    sfn.on(DescribeExecutionCommand, { executionArn: 'arn:aborted' }).resolves({ status: 'ABORTED' } as never);
    sfn.on(DescribeExecutionCommand, { executionArn: 'arn:running' }).resolves({ status: 'RUNNING' } as never);
    // WHEN the periodic check runs
    const r = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} } as never);
    // THEN only the aborted execution's slot is freed
    expect(r).toStrictEqual({ freed: [0] });
    expect([...table.entries()]).toStrictEqual([['slot#1', 'arn:running']]);
    sfn.restore();
  });
});
