import type { Context } from 'aws-lambda';
import { TransientError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';
import { capture } from '../capture';
import {
  IDEMPOTENCY_EXPIRY_SECONDS, IDEMPOTENCY_KEY_PATH, idempotencyExpirySeconds, MemoryIdempotencyStore, registerLocalIdempotency,
} from '../../../lambdas/private/idempotency';
import { InMemoryResultBackend, installResultStore } from '../../../lambdas/private/result-store';

/** An in-memory idempotency store with DynamoDB's rules (the deployed one is DynamoDB). */
const MemoryStore = MemoryIdempotencyStore;

const context = { awsRequestId: 'r', functionName: 'f', getRemainingTimeInMillis: () => 60000 } as unknown as Context;
const event = (attempt: number, input = { order: 7 }, executionId = 'arn:exec:1'): TaskEvent<{ order: number }> => ({
  input, results: { extract: { n: 1 } }, context: { workflow: 'etl', executionId, taskId: 'load', attempt },
});

describe('idempotent tasks', () => {
  test('a retried attempt of the same work returns the stored result without running the handler again', async () => {
    // GIVEN a handler with a side effect
    let applied = 0;
    const store = new MemoryStore();
    const handler = instrument('load', async () => ({ applied: ++applied }), { idempotencyStore: store });
    // WHEN the state machine retries it (attempt 1) after a blip
    const first = await capture(() => handler(event(0), context));
    const retry = await capture(() => handler(event(1), context));
    // THEN the side effect happened once, both attempts see the same result, and the retry is still logged
    expect([first.value, retry.value, applied, store.records.size]).toStrictEqual([{ applied: 1 }, { applied: 1 }, 1, 1]);
    expect(retry.logs.map((l) => [l.message, l.attempt])).toStrictEqual([['task started', 1], ['task succeeded', 1]]);
  });

  test('different input, or another execution, is different work', async () => {
    // GIVEN
    let applied = 0;
    const handler = instrument('load', async () => ({ applied: ++applied }), { idempotencyStore: new MemoryStore() });
    // WHEN
    await capture(() => handler(event(0, { order: 7 }), context));
    await capture(() => handler(event(0, { order: 8 }), context));
    await capture(() => handler(event(0, { order: 7 }, 'arn:exec:2'), context));
    // THEN
    expect(applied).toBe(3);
  });

  test('a failed attempt stores nothing: the retry runs the handler again', async () => {
    // GIVEN a handler that fails once
    let calls = 0;
    const handler = instrument('load', async () => { if (++calls === 1) throw new TransientError('blip'); return 'done'; }, { idempotencyStore: new MemoryStore() });
    // WHEN
    const first = await capture(() => handler(event(0), context));
    const retry = await capture(() => handler(event(1), context));
    // THEN
    expect([(first.error as Error).name, retry.value, calls]).toStrictEqual(['TransientError', 'done', 2]);
  });
});

describe('the DynamoDB persistence layer', () => {
  const constructed: unknown[] = [];
  /** Loads instrument.ts afresh with a recording DynamoDB layer, under `table` (or none). */
  function load(table: string | undefined): typeof import('../../../lambdas/instrument') {
    constructed.length = 0;
    if (table === undefined) delete process.env.DAGSTEP_IDEMPOTENCY_TABLE; else process.env.DAGSTEP_IDEMPOTENCY_TABLE = table;
    let mod: typeof import('../../../lambdas/instrument') | undefined;
    jest.isolateModules(() => {
      jest.doMock('@aws-lambda-powertools/idempotency/dynamodb', () => ({
        DynamoDBPersistenceLayer: class extends MemoryStore { constructor(o: unknown) { super(); constructed.push(o); } },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after jest.doMock, inside jest.isolateModules
      mod = require('../../../lambdas/instrument');
    });
    return mod!;
  }
  afterEach(() => { delete process.env.DAGSTEP_IDEMPOTENCY_TABLE; jest.dontMock('@aws-lambda-powertools/idempotency/dynamodb'); });

  test('is created, on the named table, when the construct set DAGSTEP_IDEMPOTENCY_TABLE', () => {
    // GIVEN / WHEN
    load('etl-idempotency').instrument('load', async () => 1);
    // THEN
    expect(constructed).toStrictEqual([{ tableName: 'etl-idempotency' }]);
  });

  test('is never created when the variable is absent, or the task opts out', () => {
    // GIVEN / WHEN
    load(undefined).instrument('load', async () => 1);
    load('etl-idempotency').instrument('load', async () => 1, { idempotency: false });
    // THEN
    expect(constructed).toStrictEqual([]);
  });

  test('asking for idempotency without a table warns and runs without it', () => {
    // GIVEN
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // WHEN
    load(undefined).instrument('load', async () => 1, { idempotency: true });
    // THEN
    expect([constructed, warn.mock.calls]).toStrictEqual([[], [['dagstep: task "load" asks for idempotency but DAGSTEP_IDEMPOTENCY_TABLE is not set; running without it']]]);
    warn.mockRestore();
  });
});

describe('idempotency key, expiry and the local store', () => {
  afterEach(() => { delete process.env.DAGSTEP_IDEMPOTENCY_EXPIRY_SECONDS; });

  test('the key has the Map item index: equal items are different work', async () => {
    // GIVEN
    expect(IDEMPOTENCY_KEY_PATH).toBe('[context.executionId, context.taskId, context.itemIndex, input, results, item]');
    let applied = 0;
    const handler = instrument('each', async () => ++applied, { idempotencyStore: new MemoryIdempotencyStore() });
    const item = (itemIndex: number) => ({ input: {}, results: {}, item: 5, context: { workflow: 'w', executionId: 'arn:e', taskId: 'each', attempt: 0, itemIndex } }) as unknown as TaskEvent<unknown>;
    // WHEN two items of equal value run, then item 0 is retried
    await capture(() => handler(item(0), context));
    await capture(() => handler(item(1), context));
    await capture(() => handler(item(0), context));
    // THEN
    expect(applied).toBe(2);
  });

  test('a retry while the first attempt is still running gets IdempotencyAlreadyInProgressError (which every task retries)', async () => {
    // GIVEN a first attempt that has not finished
    let release!: () => void;
    const store = new MemoryIdempotencyStore();
    const handler = instrument('load', () => new Promise<string>((resolve) => { release = () => resolve('done'); }), { idempotencyStore: store });
    const first = handler(event(0), context);
    await new Promise((r) => setTimeout(r, 20));
    // WHEN the retry comes in
    const retry = await capture(() => handler(event(1), context));
    release();
    // THEN
    expect((retry.error as Error).name).toBe('IdempotencyAlreadyInProgressError');
    expect(await first).toBe('done');
  });

  test('the expiry is the construct\'s DAGSTEP_IDEMPOTENCY_EXPIRY_SECONDS, else one day', () => {
    // GIVEN / WHEN / THEN
    expect(idempotencyExpirySeconds()).toBe(IDEMPOTENCY_EXPIRY_SECONDS);
    process.env.DAGSTEP_IDEMPOTENCY_EXPIRY_SECONDS = '1300000';
    expect(idempotencyExpirySeconds()).toBe(1300000);
  });

  test('a local run\'s store applies to the tasks it names, decided per invocation', async () => {
    // GIVEN one handler module serving an idempotent and a plain task, no table
    let applied = 0;
    const handler = instrument('shared', async () => ++applied);
    const store = new MemoryIdempotencyStore();
    const unregister = registerLocalIdempotency('etl', { store, tasks: new Set(['load']) });
    const other = { ...event(0), context: { ...event(0).context, taskId: 'other' } };
    const otherWorkflow = { ...event(0), context: { ...event(0).context, workflow: 'another' } };
    // WHEN each is retried once
    for (const e of [event(0), event(1), other, { ...other, context: { ...other.context, attempt: 1 } }, otherWorkflow,
      otherWorkflow]) await capture(() => handler(e, context));
    unregister();
    await capture(() => handler(event(2), context));
    // THEN load ran once while registered (and again after), other twice, another workflow's load twice
    expect([applied, store.records.size]).toStrictEqual([6, 1]);
  });
});

describe('idempotent tasks with large results', () => {
  afterEach(() => installResultStore(undefined));

  test('the idempotency record keeps the claim-check reference, not the large value, and a retry returns the reference', async () => {
    // GIVEN a result bucket with a 1 KB threshold and an idempotent handler returning 10 KB
    const backend = new InMemoryResultBackend();
    installResultStore({ bucket: 'b', backend, thresholdBytes: () => 1024 });
    const store = new MemoryStore();
    let applied = 0;
    const handler = instrument('load', async () => ({ applied: ++applied, rows: 'r'.repeat(10_000) }), { idempotencyStore: store });
    // WHEN it runs and is retried
    const first = await capture(() => handler(event(0), context));
    const retry = await capture(() => handler(event(1), context));
    // THEN both attempts return the same small reference; the value is in the bucket once
    const ref = { '$dagstep.ref': 's3://b/results/1/load.json', size: JSON.stringify({ applied: 1, rows: 'r'.repeat(10_000) }).length };
    expect([first.value, retry.value, applied]).toStrictEqual([ref, ref, 1]);
    expect([...store.records.values()].every((r) => JSON.stringify(r.responseData).length < 200)).toBe(true);
    expect([...backend.objects.keys()]).toStrictEqual(['s3://b/results/1/load.json']);
  });
});
