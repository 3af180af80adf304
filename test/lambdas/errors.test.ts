import { ERROR_CLASSES, ResourceExhaustedError, TransientError, UpstreamDependencyError, ValidationError } from '../../lambdas/errors';
import { RETRY_POLICIES } from '../../lib/model/retry-policies';

describe('typed errors', () => {
  test.each([
    [TransientError, 'TransientError'], [ValidationError, 'ValidationError'],
    [ResourceExhaustedError, 'ResourceExhaustedError'], [UpstreamDependencyError, 'UpstreamDependencyError'],
  ])('%p has the name Retry and Catch match on, set as a literal', (Class, name) => {
    // GIVEN / WHEN
    const error = new Class('boom');
    // THEN
    expect([error.name, error.message, error instanceof Error, error instanceof Class, error.cause, error.details]).toStrictEqual([name, 'boom', true, true, undefined, undefined]);
    expect(Object.prototype.hasOwnProperty.call(error, 'details')).toBe(false);
  });

  test('cause and details are kept for logs and dead letters', () => {
    // GIVEN
    const root = new Error('ECONNRESET');
    // WHEN
    const error = new UpstreamDependencyError('warehouse down', { cause: root, details: { host: 'dw-1', status: 503 } });
    // THEN
    expect([error.cause, error.details]).toStrictEqual([root, { host: 'dw-1', status: 503 }]);
  });

  test('the name survives renaming the class (what a minifier does)', () => {
    // GIVEN a class whose identifier is mangled
    const Minified = TransientError;
    Object.defineProperty(Minified, 'name', { value: 'a' });
    // WHEN
    const error = new Minified('x');
    // THEN
    expect(error.name).toBe('TransientError');
    Object.defineProperty(Minified, 'name', { value: 'TransientError' });
  });

  test('every error class except ValidationError is retried by its policy; ValidationError never is', () => {
    // GIVEN the built-in retry policies
    const retried = (p: keyof typeof RETRY_POLICIES, e: string) => RETRY_POLICIES[p].rules.some((r) => r.errors.includes(e) && r.maxAttempts > 0);
    // WHEN / THEN
    expect(ERROR_CLASSES.filter((e) => Object.keys(RETRY_POLICIES).some((p) => retried(p as keyof typeof RETRY_POLICIES, e)))).toStrictEqual(
      ['TransientError', 'ResourceExhaustedError', 'UpstreamDependencyError']);
  });
});
