import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { instrument } from '../../lambdas/instrument';
import type { TaskEvent } from '../../lambdas/types';

/** An in-memory idempotency store (the real one is DynamoDB). */
class MemoryStore extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();
  protected async _getRecord(key: string): Promise<IdempotencyRecord> {
    const r = this.records.get(key);
    if (!r) throw new (require('@aws-lambda-powertools/idempotency').IdempotencyItemNotFoundError)();
    return r;
  }
  protected async _putRecord(r: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(r.idempotencyKey);
    if (existing && !existing.isExpired()) throw new (require('@aws-lambda-powertools/idempotency').IdempotencyItemAlreadyExistsError)('exists', existing);
    this.records.set(r.idempotencyKey, r);
  }
  protected async _updateRecord(r: IdempotencyRecord): Promise<void> { this.records.set(r.idempotencyKey, r); }
  protected async _deleteRecord(r: IdempotencyRecord): Promise<void> { this.records.delete(r.idempotencyKey); }
}

const context = { awsRequestId: 'r', functionName: 'f', getRemainingTimeInMillis: () => 60000 } as unknown as Context;
const event = (attempt: number, input = { order: 7 }): TaskEvent<{ order: number }> => ({
  input, results: { extract: { n: 1 } }, context: { workflow: 'etl', executionId: 'arn:exec:1', taskId: 'load', attempt },
});

describe('idempotent tasks', () => {
  const quiet = () => { jest.spyOn(process.stdout, 'write').mockImplementation(() => true); jest.spyOn(process.stderr, 'write').mockImplementation(() => true); };
  afterEach(() => jest.restoreAllMocks());

  test('a retried attempt of the same work returns the stored result without running the handler again', async () => {
    // GIVEN a handler with a side effect
    quiet();
    let applied = 0;
    const store = new MemoryStore();
    const handler = instrument('load', async () => ({ applied: ++applied }), { idempotencyStore: store });
    // WHEN the state machine retries it (attempt 1) after a blip
    const first = await handler(event(0), context);
    const retry = await handler(event(1), context);
    // THEN the side effect happened once and both attempts see the same result
    expect(first).toStrictEqual({ applied: 1 });
    expect(retry).toStrictEqual({ applied: 1 });
    expect(applied).toBe(1);
    expect(store.records.size).toBe(1);
  });

  test('different input is different work', async () => {
    quiet();
    let applied = 0;
    const handler = instrument('load', async () => ({ applied: ++applied }), { idempotencyStore: new MemoryStore() });
    await handler(event(0, { order: 7 }), context);
    await handler(event(0, { order: 8 }), context);
    expect(applied).toBe(2);
  });
});
