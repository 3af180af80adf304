import { reportInput, WORKFLOW_ROW } from '../../../lib/cli/private/report-file';
import { LocalWorkflow } from '../../../lib/testing/local-workflow';
import { nightlyBatch } from '../../../examples/nightly-batch/workflow';

describe('reportInput', () => {
  beforeAll(() => { process.env.FAILURE_RATE = '0'; });
  afterAll(() => { delete process.env.FAILURE_RATE; });

  test('folds internal states into their task, marks timeouts, keeps fallbacks and one clock', async () => {
    // GIVEN the nightly batch where compute_interest times out once, the optional index rebuild
    // and send_statements fail for good (queue_statements is the fallback)
    const model = nightlyBatch();
    const local = new LocalWorkflow(model);
    const { summary, result } = await local.run({
      input: { night: '2026-11-24' },
      faults: [
        { taskId: 'compute_interest', kind: 'timeout', times: 1 },
        { taskId: 'rebuild_search_index', kind: 'permanent' },
        { taskId: 'send_statements', kind: 'permanent' },
      ],
    });
    // WHEN
    const r = reportInput(model, summary, result);
    // THEN every attempt belongs to a task of the model or to the workflow's own row; the
    // dead-letter send and the concurrency gate are internal steps
    const ids = new Set([...model.tasks.map((t) => t.id), WORKFLOW_ROW]);
    expect(r.attempts.every((a) => ids.has(a.taskId))).toBe(true);
    expect(r.attempts.filter((a) => a.internalState).map((a) => [a.taskId, a.internalState])).toStrictEqual([
      [WORKFLOW_ROW, 'dagstep.concurrency.acquire.0'], ['rebuild_search_index', 'rebuild_search_index.deadLetter'],
    ]);
    // the timed-out attempt is TIMED_OUT, the retry SUCCEEDED
    expect(r.attempts.filter((a) => a.taskId === 'compute_interest').map((a) => a.status)).toStrictEqual(['TIMED_OUT', 'SUCCEEDED']);
    expect(r.tasks.find((t) => t.id === 'send_statements')).toStrictEqual({ id: 'send_statements', dependsOn: ['reconcile_accounts', 'compute_interest'], fallback: 'queue_statements' });
    // history times are seconds since the start (not since 1970), ending at the makespan
    expect(r.history[0].seconds).toBe(0);
    expect(r.history[r.history.length - 1].seconds).toBeCloseTo(summary.makespanSeconds, 2); // history timestamps carry milliseconds
    expect(r.startedAt).toBe(Date.parse(result.history[0].timestamp));
  });

  test('a task whose last attempt timed out is TIMED_OUT in the outcomes', async () => {
    // GIVEN compute_interest times out on every attempt
    const model = nightlyBatch();
    const { summary, result } = await new LocalWorkflow(model).run({
      input: { night: '2026-11-24' }, faults: [{ taskId: 'compute_interest', kind: 'timeout' }],
    });
    // WHEN
    const r = reportInput(model, summary, result);
    // THEN
    expect(summary.tasks.compute_interest.status).toBe('FAILED');
    expect(r.outcomes.compute_interest).toBe('TIMED_OUT');
  });
});
