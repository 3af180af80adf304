import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { functionGroupKey, functionTimeoutSeconds, inProgressRetry, LAMBDA_MAX_TIMEOUT_SECONDS, taskTimeoutSeconds } from '../../lib/compile/timeouts';
import { task } from '../support/models';

describe('timeouts', () => {
  test('a declared timeout wins', () => {
    expect(taskTimeoutSeconds(task('a', [], { timeoutSeconds: 7, durationSeconds: 100 }))).toBe(7);
  });

  test('the default is three times the expected duration, at least 60 s', () => {
    expect(taskTimeoutSeconds(task('a', [], { durationSeconds: 0.001 }))).toBe(60);
    expect(taskTimeoutSeconds(task('a', [], { durationSeconds: 30.2 }))).toBe(91);
  });

  test('a shared function (only the pass-through serves different timeouts) gets the shortest task timeout, capped at Lambda\'s 900 s', () => {
    // never longer than the state timeout of any task it serves
    expect(functionTimeoutSeconds([task('a', [], { timeoutSeconds: 100 }), task('b', [], { timeoutSeconds: 300 })])).toBe(100);
    expect(functionTimeoutSeconds([task('a', [], { durationSeconds: 2562 })])).toBe(LAMBDA_MAX_TIMEOUT_SECONDS);
  });

  test('tasks share a function only with the same handler and task timeout', () => {
    // GIVEN / WHEN / THEN
    expect([
      functionGroupKey('/h.ts', task('a', [], { timeoutSeconds: 80 })),
      functionGroupKey('/h.ts', task('b', [], { timeoutSeconds: 800 })),
      functionGroupKey('/h.ts', task('c', [], { durationSeconds: 1 })),
    ]).toStrictEqual(['/h.ts#80', '/h.ts#800', '/h.ts#60']);
  });

  test('an in-progress idempotency record is waited for at least the task timeout plus a minute, on every policy', () => {
    // GIVEN a 60 s and an 800 s task / WHEN
    const short = inProgressRetry(60);
    const long = inProgressRetry(800);
    // THEN delays 2, 4, 8, 16, 32, 60... until the wait covers the timeout + 60 s
    expect(short).toStrictEqual({
      errors: ['IdempotencyAlreadyInProgressError'], interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2,
      maxDelay: Duration.seconds(60), jitterStrategy: sfn.JitterType.NONE,
    });
    expect(long.maxAttempts).toBe(19);
    const waited = (n: number) => Array.from({ length: n }, (_, i) => Math.min(60, 2 * 2 ** i)).reduce((a, b) => a + b, 0);
    expect([waited(6) >= 120, waited(5) < 120, waited(19) >= 860, waited(18) < 860]).toStrictEqual([true, true, true, true]);
  });
});
