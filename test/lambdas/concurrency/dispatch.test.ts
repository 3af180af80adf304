import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSEvent } from 'aws-lambda';
import { handler, queuedRunName } from '../../../lambdas/concurrency/dispatch';
import { QUEUE_STATE } from '../../../lib/compile/concurrency';
import { compileDefinition } from '../../../lib/constructs/render-asl';
import { runExecution } from '../../../lib/local/engine';
import { LocalWorkflow } from '../../../lib/testing/local-workflow';
import { task, workflow } from '../../support/models';
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
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:started' });
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

test('queued then run: a start queued on the local engine is started by the dispatcher once a slot frees, and runs its tasks', async () => {
  // GIVEN a limit of 1: a first start holds the slot while a second arrives (one Parallel branch each,
  // sharing the engine's table), so the second is queued by the real gate states
  const model = workflow('nightly', [task('a', [], { sideEffects: 'none' })], { concurrency: { maxExecutions: 1 } });
  const compiled = compileDefinition(model);
  const gate = Object.fromEntries(Object.entries(compiled.definition.States as Record<string, Record<string, unknown>>)
    .filter(([n]) => n.startsWith('dagstep.concurrency.')).map(([n, st]) => [n, st.Next === 'dagstep.init' ? { ...st, Next: 'run' } : st]));
  const branch = (night: string, delay: number) => ({ StartAt: 'arrive', States: {
    arrive: { Type: 'Pass', Result: { logicalDate: night }, Next: 'wait' },
    wait: { Type: 'Wait', Seconds: delay, Next: 'dagstep.concurrency.acquire.0' }, ...gate, run: { Type: 'Wait', Seconds: 60, End: true },
  } });
  const overlap = await runExecution({ StartAt: 'p', States: { p: { Type: 'Parallel', Branches: [branch('2026-11-26T02:00:00Z', 0), branch('2026-11-27T02:00:00Z', 1)], End: true } } },
    {}, { invokeLambda: async () => { throw new Error('no Lambda'); } });
  const message = overlap.deadLetters.find((m) => m.stateName === QUEUE_STATE)!;
  expect((message.body as { input: unknown }).input).toStrictEqual({ logicalDate: '2026-11-27T02:00:00Z' });
  // WHEN the first run's slot was freed and the dispatcher gets the queued message
  slotStore({});
  const r = await handler({ Records: [{ messageId: 'm-night-27', body: JSON.stringify(message.body) }] } as unknown as SQSEvent);
  const start = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
  // THEN it starts one execution on the alias with the queued input
  expect(r).toStrictEqual({ batchItemFailures: [] });
  expect([start.stateMachineArn, start.input]).toStrictEqual([TARGET, JSON.stringify({ logicalDate: '2026-11-27T02:00:00Z' })]);
  // AND that execution, run on the local engine with a free slot, runs the workflow
  const { summary } = await new LocalWorkflow(model, compiled).run({ input: JSON.parse(start.input!), executionName: start.name });
  expect([summary.status, summary.tasks.a.status, summary.deadLetters]).toStrictEqual(['SUCCEEDED', 'SUCCEEDED', []]);
});

