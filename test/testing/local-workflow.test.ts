import * as path from 'path';
import type { RetryPolicy } from '../../lib/model/types';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { applied } from '../fixtures/handlers/counting';
import { task, workflow } from '../support/models';

const COUNTING = path.resolve(__dirname, '../fixtures/handlers/counting.ts');
const RETRY_TIMEOUTS: RetryPolicy = { rules: [{ errors: ['States.Timeout'], intervalSeconds: 1, maxAttempts: 2, backoffRate: 1, jitter: 'NONE' }] };

describe('LocalWorkflow failure handling', () => {
  beforeEach(() => { for (const k of Object.keys(applied)) delete applied[k]; });

  test('an idempotent task retried after a timeout is answered from the in-memory store, as deployed', async () => {
    // GIVEN an idempotent task whose first attempt ran but timed out (the work was done)
    const wf = new LocalWorkflow(workflow('idem', [task('pay', [], { handler: COUNTING, idempotent: true, retry: RETRY_TIMEOUTS })]));
    // WHEN
    const { summary } = await wf.run({
      wrapInvoker: (inv) => async (req) => {
        const r = await inv(req);
        return req.attempt === 0 ? { ...r, durationSeconds: 100 } : r;
      },
    });
    // THEN two attempts, the work applied once, the retry returned the stored result
    expect([summary.status, summary.tasks.pay.attempts, applied['pay#']]).toStrictEqual(['SUCCEEDED', 2, 1]);
    expect((summary.output as { results: { pay: unknown } }).results.pay).toStrictEqual({ ran: 1 });
    expect(wf.idempotencyStore.records.size).toBe(1);
  });

  test('a task that is not idempotent runs again on retry', async () => {
    // GIVEN the same, not idempotent
    const wf = new LocalWorkflow(workflow('idem', [task('pay', [], { handler: COUNTING, retry: RETRY_TIMEOUTS })]));
    // WHEN
    await wf.run({ wrapInvoker: (inv) => async (req) => { const r = await inv(req); return req.attempt === 0 ? { ...r, durationSeconds: 100 } : r; } });
    // THEN
    expect(applied['pay#']).toBe(2);
  });

  test('two Map items with equal values are two pieces of work (the key has the item index)', async () => {
    // GIVEN an idempotent map over [5, 5]
    const wf = new LocalWorkflow(workflow('idem', [task('each', [], { handler: COUNTING, idempotent: true, map: { itemsPath: '$.items' } })]));
    // WHEN
    const { summary } = await wf.run({ input: { items: [5, 5] } });
    // THEN both ran
    expect([summary.status, applied['each#5'], wf.idempotencyStore.records.size]).toStrictEqual(['SUCCEEDED', 2, 2]);
  });

  test('a retry that finds the first attempt in progress waits and retries, even under policy none: never dead-lettered', async () => {
    // GIVEN a task never retried by its policy, whose first attempt finds an in-progress record
    const wf = new LocalWorkflow(workflow('idem', [task('pay', [], { handler: COUNTING, idempotent: true, retry: { name: 'none', rules: [] } })]));
    // WHEN
    const { summary } = await wf.run({
      wrapInvoker: (inv) => async (req) => {
        if (req.attempt === 0) throw Object.assign(new Error('record in progress'), { name: 'IdempotencyAlreadyInProgressError', durationSeconds: 0 });
        return inv(req);
      },
    });
    // THEN
    expect([summary.status, summary.tasks.pay.attempts, summary.deadLetters]).toStrictEqual(['SUCCEEDED', 2, []]);
  });

  test('the summary shows the letter the guard sends for an execution timeout', async () => {
    // GIVEN a task longer than the execution timeout
    const wf = new LocalWorkflow(workflow('slow', [task('a', [], { durationSeconds: 100, timeoutSeconds: 300, sideEffects: 'none' })], { timeoutSeconds: 50 }));
    // WHEN
    const { summary } = await wf.run();
    // THEN
    expect(summary.status).toBe('TIMED_OUT');
    expect(summary.deadLetters).toStrictEqual([{
      workflow: 'slow', executionId: summary.executionId, rootExecutionId: summary.executionId, kind: 'execution', taskId: 'a', stateName: 'a',
      error: 'States.Timeout', cause: summary.cause, optional: false, input: null, truncated: true, timestamp: '2026-01-01T00:00:50.000Z',
    }]);
  });
});
