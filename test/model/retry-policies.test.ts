import { SpecError } from '../../lib/model/errors';
import { LAMBDA_SERVICE_ERRORS, RETRY_POLICIES, RETRY_POLICY_DOCS, resolveRetry } from '../../lib/model/retry-policies';

const where = { file: 'wf.yaml', taskId: 't1' };

describe('resolveRetry', () => {
  test('no retry spec gives the default policy', () => {
    // GIVEN / WHEN nothing is said about retries
    const p = resolveRetry(undefined, where);
    // THEN Lambda service errors and TransientError are retried 6 times from 2 s, capped at 60 s
    expect(p).toStrictEqual({
      name: 'default',
      rules: [{ errors: [...LAMBDA_SERVICE_ERRORS, 'TransientError'], intervalSeconds: 2, maxAttempts: 6, backoffRate: 2, maxDelaySeconds: 60, jitter: 'FULL' }],
    });
  });

  test('transient has its own timeout rule after the error rule', () => {
    // GIVEN / WHEN the transient policy
    const p = resolveRetry('transient', where);
    // THEN the rules are in order, States.Timeout last with 1 retry after 5 s
    expect(p.rules.map((r) => [r.errors[0], r.intervalSeconds, r.maxAttempts])).toStrictEqual([['TransientError', 1, 5], ['States.Timeout', 5, 1]]);
  });

  test('validation never lists ValidationError and none has no rules', () => {
    // GIVEN / WHEN / THEN
    expect(resolveRetry('validation', where).rules.flatMap((r) => r.errors).includes('ValidationError')).toBe(false);
    expect(resolveRetry('none', where)).toStrictEqual({ name: 'none', rules: [] });
  });

  test('every rule uses full jitter and a delay cap', () => {
    // GIVEN every policy WHEN its rules are listed THEN each has FULL jitter and a cap
    const rules = Object.values(RETRY_POLICIES).flatMap((p) => p.rules);
    expect(rules.every((r) => r.jitter === 'FULL' && typeof r.maxDelaySeconds === 'number')).toBe(true);
  });

  test('overrides apply to the first rule of the base policy', () => {
    // GIVEN an object with a base policy and overrides
    const p = resolveRetry({ policy: 'transient', maxAttempts: 3, intervalSeconds: 2 }, where);
    // THEN only the first rule changes
    expect(p.rules[0]).toStrictEqual({ ...RETRY_POLICIES.transient.rules[0], maxAttempts: 3, intervalSeconds: 2 });
    expect(p.rules[1]).toStrictEqual(RETRY_POLICIES.transient.rules[1]);
  });

  test('custom errors become a rule ahead of the base policy', () => {
    // GIVEN a custom errors list
    const p = resolveRetry({ errors: ['MyError'], maxAttempts: 2 }, where);
    // THEN the custom rule comes first
    expect(p.rules[0]).toStrictEqual({ errors: ['MyError'], intervalSeconds: 2, maxAttempts: 2, backoffRate: 2, maxDelaySeconds: 60, jitter: 'FULL' });
    expect(p.rules.slice(1)).toStrictEqual(RETRY_POLICIES.default.rules);
  });

  test.each([
    [{ maxAttempts: 1000 }, 'retry.maxAttempts', 'received 1000'],
    [{ backoffRate: 0.5 }, 'retry.backoffRate', 'received 0.5'],
    [{ intervalSeconds: -1 }, 'retry.intervalSeconds', 'received -1'],
    [{ errors: [] }, 'retry.errors', 'received []'],
  ])('out of range %j is a SpecError naming the field', (spec, field, received) => {
    // GIVEN a bad value WHEN resolved THEN a SpecError names file, task, field and received value
    let err: unknown;
    try { resolveRetry(spec, where); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SpecError);
    const problem = (err as SpecError).problems[0];
    expect([problem.file, problem.taskId, problem.field, problem.message.includes(received)]).toStrictEqual(['wf.yaml', 't1', field, true]);
  });

  test('unknown policy names suggest the closest', () => {
    // GIVEN a typo WHEN resolved THEN the message suggests the right name
    expect(() => resolveRetry('transiant', where)).toThrow('(did you mean "transient"?)');
  });

  test('the docs cover every policy', () => {
    // GIVEN the docs WHEN listed THEN every policy has a row
    expect(RETRY_POLICY_DOCS.map((d) => d.name)).toStrictEqual(Object.keys(RETRY_POLICIES));
  });
});
