import { ERROR_CLASSES, ResourceExhaustedError, TransientError, UpstreamDependencyError, ValidationError } from '../../lambdas/errors';
import { RETRY_POLICIES } from '../../lib/model/retry-policies';

describe('typed errors', () => {
  test.each([
    [new TransientError('x'), 'TransientError'], [new ValidationError('x'), 'ValidationError'],
    [new ResourceExhaustedError('x'), 'ResourceExhaustedError'], [new UpstreamDependencyError('x'), 'UpstreamDependencyError'],
  ])('%s has the name Retry and Catch match on', (error, name) => {
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(Error);
  });

  test('every error class except ValidationError is retried by its policy; ValidationError never is', () => {
    const retried = (p: keyof typeof RETRY_POLICIES, e: string) => RETRY_POLICIES[p].rules.some((r) => r.errors.includes(e) && r.maxAttempts > 0);
    expect(ERROR_CLASSES.filter((e) => Object.keys(RETRY_POLICIES).some((p) => retried(p as keyof typeof RETRY_POLICIES, e)))).toStrictEqual(
      ['TransientError', 'ResourceExhaustedError', 'UpstreamDependencyError']);
  });
});
