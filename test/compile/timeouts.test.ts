import { functionTimeoutSeconds, LAMBDA_MAX_TIMEOUT_SECONDS, taskTimeoutSeconds } from '../../lib/compile/timeouts';
import { task } from '../support/models';

describe('timeouts', () => {
  test('a declared timeout wins', () => {
    expect(taskTimeoutSeconds(task('a', [], { timeoutSeconds: 7, durationSeconds: 100 }))).toBe(7);
  });

  test('the default is three times the expected duration, at least 60 s', () => {
    expect(taskTimeoutSeconds(task('a', [], { durationSeconds: 0.001 }))).toBe(60);
    expect(taskTimeoutSeconds(task('a', [], { durationSeconds: 30.2 }))).toBe(91);
  });

  test('a shared function gets the longest task timeout, capped at Lambda\'s 900 s', () => {
    expect(functionTimeoutSeconds([task('a', [], { timeoutSeconds: 100 }), task('b', [], { timeoutSeconds: 300 })])).toBe(300);
    expect(functionTimeoutSeconds([task('a', [], { durationSeconds: 2562 })])).toBe(LAMBDA_MAX_TIMEOUT_SECONDS);
  });
});
