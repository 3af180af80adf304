import { runExecution } from '../../lib/local/engine';
import { StatesError } from '../../lib/local/errors';
import { errorMatches, retryDelay } from '../../lib/local/retry';
import { FN, lambdaError, stubLambda } from './private/stubs';

describe('retry: the one Retry/Catch executor', () => {
  test('a JSONata evaluation error in Arguments is retried and caught like a task error', async () => {
    // GIVEN a JSONata Task whose Arguments fail, with Retry and Catch on States.ALL
    const def = { QueryLanguage: 'JSONata', StartAt: 'T', States: {
      T: { Type: 'Task', Resource: FN, Arguments: '{% $missing %}', Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Output: '{% $states.errorOutput.Error %}', Next: 'H' }], End: true },
      H: { Type: 'Pass', End: true },
    } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda());
    // THEN one retry (1 s), then caught
    expect([r.status, r.output, r.makespanSeconds]).toStrictEqual(['SUCCEEDED', 'States.QueryEvaluationError', 1]);
  });

  test('a heartbeat timeout is caught by States.Timeout; States.TaskFailed catches neither', async () => {
    // GIVEN a 30 s Lambda task with a 5 s heartbeat
    const def = (errors: string[]) => ({ StartAt: 'T', States: {
      T: { Type: 'Task', Resource: FN, HeartbeatSeconds: 5, TimeoutSeconds: 60, Catch: [{ ErrorEquals: errors, Next: 'H' }], End: true },
      H: { Type: 'Pass', End: true },
    } });
    // WHEN
    const byTimeout = await runExecution(def(['States.Timeout']), {}, stubLambda(() => 1, 30));
    const byTaskFailed = await runExecution(def(['States.TaskFailed']), {}, stubLambda(() => 1, 30));
    // THEN
    expect([byTimeout.status, byTimeout.output]).toStrictEqual(['SUCCEEDED', { Error: 'States.HeartbeatTimeout', Cause: '' }]);
    expect([byTaskFailed.status, byTaskFailed.error]).toStrictEqual(['FAILED', 'States.HeartbeatTimeout']);
  });

  test('a caught error exits the state with the error in history, then goes to the catcher Next', async () => {
    // GIVEN
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['Boom'], Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda(() => { throw lambdaError('Boom', 'x'); }));
    // THEN
    expect(r.history.filter((e) => e.type === 'TaskStateExited').map((e) => e.error)).toStrictEqual(['Boom']);
    expect(r.history.map((e) => e.stateName).filter((n) => n === 'H')).toStrictEqual(['H', 'H']);
  });
});

describe('retry: bounded', () => {
  test('a retrier with a huge MaxAttempts on an always-failing task stops after MAX_ATTEMPTS', async () => {
    // GIVEN
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 99999999 }], End: true } } };
    // WHEN it runs as an EXPRESS execution (no 25,000-event history quota to end it first)
    const r = await runExecution(def, {}, { ...stubLambda(() => { throw lambdaError('Boom', 'x', 0); }), keepHistory: false, type: 'EXPRESS' });
    // THEN
    expect([r.status, r.error, r.attempts.length]).toStrictEqual(['FAILED', 'States.Runtime', 10_000]);
  });
});

describe('retry matching and delay', () => {
  test('retryDelay: first matching retrier, backoff, cap, attempts left', () => {
    // GIVEN
    const retriers = [{ ErrorEquals: ['A'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2, MaxDelaySeconds: 5, JitterStrategy: 'NONE' }];
    const counts = [0];
    const err = new StatesError('A', '');
    // WHEN / THEN 2, then 6 capped at 5, then none left
    expect([retryDelay(retriers, counts, err, () => 0.5), retryDelay(retriers, counts, err, () => 0.5), retryDelay(retriers, counts, err, () => 0.5)])
      .toStrictEqual([2, 5, undefined]);
    expect(retryDelay([{ ...retriers[0], JitterStrategy: 'FULL' }], [0], err, () => 0.25)).toBe(0.5);
    expect(retryDelay(retriers, [0], new StatesError('B', ''), () => 0)).toBeUndefined();
  });

  test('errorMatches: names, States.ALL, and States.TaskFailed (not timeouts)', () => {
    // GIVEN error lists and raised errors
    // WHEN matched
    const got = [errorMatches(['A'], 'A'), errorMatches(['States.ALL'], 'X'), errorMatches(['States.TaskFailed'], 'X'), errorMatches(['States.TaskFailed'], 'States.Timeout')];
    // THEN as AWS documents
    expect(got).toStrictEqual([true, true, true, false]);
  });
});
