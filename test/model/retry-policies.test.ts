import { SpecError } from '../../lib/model/errors';
import { LAMBDA_SERVICE_ERRORS, resolveRetry, RETRY_POLICIES } from '../../lib/model/retry-policies';

const LAMBDA = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
const BASELINE = { errors: [...LAMBDA, 'TransientError'], intervalSeconds: 2, maxAttempts: 6, backoffRate: 2, maxDelaySeconds: 60, jitter: 'FULL' };
const where = { file: 'w.yaml', taskId: 't' };

function specErrorOf(fn: () => unknown): { message: string; problems: unknown } {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return { message: (e as SpecError).message, problems: (e as SpecError).problems };
  }
  throw new Error('expected a SpecError');
}

describe('RETRY_POLICIES', () => {
  test('the Lambda service errors', () => {
    // GIVEN / WHEN / THEN
    expect([...LAMBDA_SERVICE_ERRORS]).toStrictEqual(LAMBDA);
  });

  test('each named policy has its exact rules', () => {
    // GIVEN the named policies / WHEN read / THEN
    expect(RETRY_POLICIES.default).toStrictEqual({ name: 'default', rules: [BASELINE] });
    expect(RETRY_POLICIES.validation).toStrictEqual({ name: 'validation', rules: [BASELINE] });
    expect(RETRY_POLICIES.transient).toStrictEqual({
      name: 'transient',
      rules: [
        { errors: ['TransientError', ...LAMBDA], intervalSeconds: 1, maxAttempts: 5, backoffRate: 2, maxDelaySeconds: 30, jitter: 'FULL' },
        { errors: ['States.Timeout'], intervalSeconds: 5, maxAttempts: 1, backoffRate: 1, maxDelaySeconds: 5, jitter: 'FULL' },
      ],
    });
    expect(RETRY_POLICIES.resource).toStrictEqual({
      name: 'resource',
      rules: [
        { errors: ['ResourceExhaustedError', 'Lambda.TooManyRequestsException'], intervalSeconds: 10, maxAttempts: 3, backoffRate: 3, maxDelaySeconds: 300, jitter: 'FULL' },
        { ...BASELINE, errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'TransientError'] },
      ],
    });
    expect(RETRY_POLICIES.upstream).toStrictEqual({
      name: 'upstream',
      rules: [
        { errors: ['UpstreamDependencyError'], intervalSeconds: 30, maxAttempts: 4, backoffRate: 2, maxDelaySeconds: 600, jitter: 'FULL' },
        BASELINE,
      ],
    });
    expect(RETRY_POLICIES.none).toStrictEqual({ name: 'none', rules: [] });
  });
});

describe('resolveRetry', () => {
  test('undefined is the default policy, a name its policy', () => {
    // GIVEN / WHEN / THEN
    expect(resolveRetry(undefined, where)).toBe(RETRY_POLICIES.default);
    expect(resolveRetry('upstream', where)).toBe(RETRY_POLICIES.upstream);
  });

  test('an object overrides the first rule of its policy', () => {
    // GIVEN an override of transient
    // WHEN resolved
    const p = resolveRetry({ policy: 'transient', maxAttempts: 3, jitter: 'NONE' }, where);
    // THEN only the first rule changes
    expect(p).toStrictEqual({
      name: 'transient',
      rules: [
        { errors: ['TransientError', ...LAMBDA], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2, maxDelaySeconds: 30, jitter: 'NONE' },
        RETRY_POLICIES.transient.rules[1],
      ],
    });
  });

  test('an object without policy overrides the default', () => {
    // GIVEN / WHEN
    const p = resolveRetry({ intervalSeconds: 5, backoffRate: 1.5, maxDelaySeconds: 100 }, where);
    // THEN
    expect(p).toStrictEqual({ name: 'default', rules: [{ ...BASELINE, intervalSeconds: 5, backoffRate: 1.5, maxDelaySeconds: 100 }] });
  });

  test('an override of "none" stays without rules', () => {
    // GIVEN / WHEN / THEN
    expect(resolveRetry({ policy: 'none', maxAttempts: 2 }, where)).toStrictEqual({ name: 'none', rules: [] });
  });

  test('custom errors add one rule ahead of the policy rules', () => {
    // GIVEN a custom errors rule over upstream
    // WHEN resolved
    const p = resolveRetry({ policy: 'upstream', errors: ['MyError'], maxAttempts: 2 }, where);
    // THEN the custom rule takes the first rule's other values
    expect(p).toStrictEqual({
      name: 'upstream',
      rules: [
        { errors: ['MyError'], intervalSeconds: 30, maxAttempts: 2, backoffRate: 2, maxDelaySeconds: 600, jitter: 'FULL' },
        ...RETRY_POLICIES.upstream.rules,
      ],
    });
  });

  test('custom errors over "none" use the built-in fallbacks', () => {
    // GIVEN / WHEN
    const p = resolveRetry({ policy: 'none', errors: ['X'] }, where);
    // THEN
    expect(p).toStrictEqual({
      name: 'none',
      rules: [{ errors: ['X'], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2, maxDelaySeconds: 60, jitter: 'FULL' }],
    });
  });

  test('unknown policy names suggest the closest', () => {
    // GIVEN a typo as a string and in an object
    // WHEN / THEN
    expect(specErrorOf(() => resolveRetry('transiant', where)).problems).toStrictEqual([{
      file: 'w.yaml', taskId: 't', field: 'retry',
      message: 'unknown retry policy "transiant" (did you mean "transient"?); expected one of default, transient, validation, resource, upstream, none',
    }]);
    expect(specErrorOf(() => resolveRetry({ policy: 'qqqqqqqqqqqq' }, where)).message).toBe(
      'w.yaml: task "t": retry.policy: unknown retry policy "qqqqqqqqqqqq"; expected one of default, transient, validation, resource, upstream, none',
    );
  });

  test('range errors have exact messages', () => {
    // GIVEN out-of-range values / WHEN resolved / THEN each is named with expected vs received
    expect(specErrorOf(() => resolveRetry({ maxAttempts: 51 }, where)).message)
      .toBe('w.yaml: task "t": retry.maxAttempts: expected an integer from 0 to 50 (more retries than that hide a real failure), received 51');
    expect(specErrorOf(() => resolveRetry({ maxAttempts: 1.5 }, where)).message)
      .toBe('w.yaml: task "t": retry.maxAttempts: expected an integer from 0 to 50 (more retries than that hide a real failure), received 1.5');
    expect(specErrorOf(() => resolveRetry({ intervalSeconds: 0 }, where)).message)
      .toBe('w.yaml: task "t": retry.intervalSeconds: expected an integer from 1 to 86400, received 0');
    expect(specErrorOf(() => resolveRetry({ maxDelaySeconds: 31622401 }, where)).message)
      .toBe('w.yaml: task "t": retry.maxDelaySeconds: expected an integer from 1 to 31622400, received 31622401');
    expect(specErrorOf(() => resolveRetry({ backoffRate: 0.5 }, where)).message)
      .toBe('w.yaml: task "t": retry.backoffRate: expected a number from 1 to 10, received 0.5');
    expect(specErrorOf(() => resolveRetry({ backoffRate: 11 }, where)).message)
      .toBe('w.yaml: task "t": retry.backoffRate: expected a number from 1 to 10, received 11');
    expect(specErrorOf(() => resolveRetry({ errors: [] }, { file: 'w.yaml' })).message)
      .toBe('w.yaml: retry.errors: expected at least one error name, received []');
  });
});
