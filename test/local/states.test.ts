import { StatesError } from '../../lib/local/errors';
import { asStatesError, errorMatches, flatten, iso, retryDelay, ROOT, stopped } from '../../lib/local/states';

describe('shared state helpers', () => {
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
    expect([errorMatches(['A'], 'A'), errorMatches(['States.ALL'], 'X'), errorMatches(['States.TaskFailed'], 'X'), errorMatches(['States.TaskFailed'], 'States.Timeout')])
      .toStrictEqual([true, true, true, false]);
  });

  test('asStatesError names a handler error by its name, as Lambda does', () => {
    const e = asStatesError(Object.assign(new Error('boom'), { name: 'TransientError' }));
    expect([e.error, e.cause]).toStrictEqual(['TransientError', '{"errorMessage":"boom","errorType":"TransientError"}']);
  });

  test('iso, flatten and stop signals', () => {
    expect(iso(1.5)).toBe('2026-01-01T00:00:01.500Z');
    expect(flatten(Object.assign(Object.create({ outer: 1 }), { inner: 2 }))).toStrictEqual({ inner: 2, outer: 1 });
    expect([stopped(ROOT), stopped({ stopped: false, parent: { stopped: true } })]).toStrictEqual([false, true]);
  });
});
