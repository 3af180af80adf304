import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSEvent } from 'aws-lambda';
import { handler, queuedRunName } from '../../../lambdas/concurrency/dispatch';
import { ENV_VARS, slotStore } from './slot-store';

const TARGET = ENV_VARS.DAGSTEP_START_TARGET;
const queued = (messageId: string, input: unknown) => ({
  Records: [{ messageId, body: JSON.stringify({ workflow: 'nightly', executionId: 'arn:x:night-1', name: 'night-1', input, queuedAt: '2026-11-27T02:00:01Z' }) }],
}) as unknown as SQSEvent;

let log: jest.SpyInstance;
let sfn: ReturnType<typeof mockClient>;
beforeEach(() => {
  Object.assign(process.env, ENV_VARS);
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  sfn = mockClient(SFNClient);
  sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' } as never);
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:started' } as never);
});
afterEach(() => { log.mockRestore(); sfn.restore(); });

describe('dispatch handler', () => {
  test('every slot taken by a running execution: the message stays queued and nothing starts', async () => {
    // GIVEN both slots held by running executions
    slotStore({ 0: 'arn:a', 1: 'arn:b' });
    // WHEN the queued run is offered
    const r = await handler(queued('m-1', { logicalDate: '2026-11-27T02:00:00Z' }));
    // THEN it is reported failed (SQS offers it again after the visibility timeout)
    expect(r).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(sfn.commandCalls(StartExecutionCommand)).toStrictEqual([]);
  });

  test('a free slot: the queued run starts on the alias with its original input and a name from the message', async () => {
    // GIVEN slot 1 free
    slotStore({ 0: 'arn:a' });
    // WHEN the queued run is offered
    const r = await handler(queued('0f1e2d3c-aaaa-bbbb-cccc-123456789abc', { logicalDate: '2026-11-27T02:00:00Z', region: 'eu' }));
    // THEN it started once, and the message is deleted (no failure)
    expect(r).toStrictEqual({ batchItemFailures: [] });
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toStrictEqual([{
      stateMachineArn: TARGET, name: 'night-1-q-0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
      input: JSON.stringify({ logicalDate: '2026-11-27T02:00:00Z', region: 'eu' }),
    }]);
  });

  test('a message delivered twice starts the run once: ExecutionAlreadyExists counts as started', async () => {
    // GIVEN a free slot and an execution of that name already started by the first delivery
    slotStore({});
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    // WHEN the second delivery is handled
    const r = await handler(queued('m-2', {}));
    // THEN the message is deleted without a second execution
    expect(r).toStrictEqual({ batchItemFailures: [] });
    expect(sfn.commandCalls(StartExecutionCommand).length).toBe(1);
  });

  test('a slot whose owner ended unseen is freed, then the queued run starts', async () => {
    // GIVEN both slots held, one by an execution that already FAILED (its event was lost)
    const { table } = slotStore({ 0: 'arn:failed', 1: 'arn:b' });
    sfn.on(DescribeExecutionCommand, { executionArn: 'arn:failed' }).resolves({ status: 'FAILED' } as never);
    // WHEN the queued run is offered
    const r = await handler(queued('m-3', {}));
    // THEN slot 0 was freed and the run started
    expect(r).toStrictEqual({ batchItemFailures: [] });
    expect([...table.keys()]).toStrictEqual(['slot#1']);
    expect(sfn.commandCalls(StartExecutionCommand).length).toBe(1);
  });
});

test('queued run names are valid execution names, at most 80 characters', () => {
  // GIVEN a long original name with characters executions cannot have
  const name = queuedRunName('x'.repeat(70) + '.backfill', '0f1e2d3c-aaaa-bbbb-cccc-123456789abc');
  // THEN
  expect(name).toBe(`${'x'.repeat(40)}-q-0f1e2d3c-aaaa-bbbb-cccc-123456789abc`);
  expect(name.length).toBeLessThanOrEqual(80);
});
