import { ERROR_NAMES } from './contract';
import { SpecError } from './errors';
import { closest } from './did-you-mean';
import type { RetryPolicy, RetryPolicyName, RetryRule } from './types';

/** Transient failures of the Lambda service itself: always worth retrying. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException',
] as const;

const rule = (errors: readonly string[], intervalSeconds: number, maxAttempts: number, backoffRate: number, maxDelaySeconds: number): RetryRule =>
  ({ errors, intervalSeconds, maxAttempts, backoffRate, maxDelaySeconds, jitter: 'FULL' });

/** Lambda service blips and TransientError: every policy but `none` retries them. */
const baseline = rule([...LAMBDA_SERVICE_ERRORS, ERROR_NAMES.transient], 2, 6, 2, 60);
/** The baseline without the errors an earlier, class-specific rule already handles. */
const baselineWithout = (...handled: string[]): RetryRule => ({ ...baseline, errors: baseline.errors.filter((e) => !handled.includes(e)) });

/**
 * The named policies. Each retries its failure class its own way, then the baseline (Lambda service
 * errors and TransientError); rule order matters: Step Functions uses the first retrier that matches.
 */
export const RETRY_POLICIES: Readonly<Record<RetryPolicyName, RetryPolicy>> = {
  default: { name: 'default', rules: [baseline] },
  transient: {
    name: 'transient',
    rules: [rule([ERROR_NAMES.transient, ...LAMBDA_SERVICE_ERRORS], 1, 5, 2, 30), rule(['States.Timeout'], 5, 1, 1, 5)],
  },
  validation: { name: 'validation', rules: [baseline] },
  resource: {
    name: 'resource',
    rules: [rule([ERROR_NAMES.resourceExhausted, 'Lambda.TooManyRequestsException'], 10, 3, 3, 300), baselineWithout('Lambda.TooManyRequestsException')],
  },
  upstream: { name: 'upstream', rules: [rule([ERROR_NAMES.upstream], 30, 4, 2, 600), baseline] },
  none: { name: 'none', rules: [] },
};

/** The README table of the policies: what each retries, how, and why. */
export const RETRY_POLICY_DOCS: readonly { name: RetryPolicyName; why: string }[] = [
  { name: 'default', why: 'Every task: Lambda service blips and TransientError are retried; anything else is a real failure and goes to the DLQ.' },
  { name: 'transient', why: 'Flaky dependencies (throttled APIs, network): quick exponential retries with full jitter so retries of many executions do not synchronise; one retry of a timeout.' },
  { name: 'validation', why: 'Bad input will not get better: ValidationError is never retried and fails fast to the DLQ; Lambda service blips and TransientError still are.' },
  { name: 'resource', why: 'Exhausted quotas and concurrency need time to drain: long delays (10 s, ×3, capped at 5 min), few attempts; then the baseline.' },
  { name: 'upstream', why: 'A dependency that is down: wait and retry over minutes (30 s doubling, capped at 10 min), then dead-letter; plus the baseline.' },
  { name: 'none', why: 'Never retried (e.g. a task that must not run twice and cannot be made idempotent).' },
];

/** Shape of the object form of `retry` in specs and the DSL. */
export interface RetrySpecObject {
  readonly policy?: string;
  readonly errors?: readonly string[];
  readonly maxAttempts?: number;
  readonly intervalSeconds?: number;
  readonly backoffRate?: number;
  readonly maxDelaySeconds?: number;
  readonly jitter?: 'FULL' | 'NONE';
}

/** Where a retry spec came from, for error messages. */
export interface RetryWhere {
  readonly file: string;
  readonly taskId?: string;
}

const NAMES = Object.keys(RETRY_POLICIES) as RetryPolicyName[];

/**
 * Resolves a task's `retry`: a policy name, an object `{policy, maxAttempts, ...}` (overrides applied
 * to the policy's first rule) or `{errors: [...], ...}` (one custom rule, ahead of the policy's).
 * @throws SpecError naming the file, task and field, with what was expected and received
 */
export function resolveRetry(spec: string | RetrySpecObject | undefined, where: RetryWhere): RetryPolicy {
  const fail = (field: string, message: string): never => {
    throw new SpecError({ file: where.file, taskId: where.taskId, field, message });
  };
  if (spec === undefined) return RETRY_POLICIES.default;
  if (typeof spec === 'string') return policyNamed(spec, fail);
  const base = policyNamed(spec.policy ?? 'default', (f, m) => fail(f === 'retry' ? 'retry.policy' : f, m));
  checkRange(spec, fail);
  const first = base.rules[0];
  if (spec.errors !== undefined) {
    if (spec.errors.length === 0) fail('retry.errors', 'expected at least one error name, received []');
    const custom: RetryRule = {
      errors: [...spec.errors],
      intervalSeconds: spec.intervalSeconds ?? first?.intervalSeconds ?? 1,
      maxAttempts: spec.maxAttempts ?? first?.maxAttempts ?? 3,
      backoffRate: spec.backoffRate ?? first?.backoffRate ?? 2,
      maxDelaySeconds: spec.maxDelaySeconds ?? first?.maxDelaySeconds ?? 60,
      jitter: spec.jitter ?? 'FULL',
    };
    return { name: base.name, rules: [custom, ...base.rules] };
  }
  if (!first) return base;
  const merged: RetryRule = {
    ...first,
    intervalSeconds: spec.intervalSeconds ?? first.intervalSeconds,
    maxAttempts: spec.maxAttempts ?? first.maxAttempts,
    backoffRate: spec.backoffRate ?? first.backoffRate,
    maxDelaySeconds: spec.maxDelaySeconds ?? first.maxDelaySeconds,
    jitter: spec.jitter ?? first.jitter,
  };
  return { name: base.name, rules: [merged, ...base.rules.slice(1)] };
}

function policyNamed(name: string, fail: (field: string, message: string) => never): RetryPolicy {
  const p = RETRY_POLICIES[name as RetryPolicyName];
  if (p) return p;
  const hint = closest(name, NAMES);
  return fail('retry', `unknown retry policy "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${NAMES.join(', ')}`);
}

function checkRange(spec: RetrySpecObject, fail: (field: string, message: string) => never): void {
  const int = (field: keyof RetrySpecObject, min: number, max: number, why = '') => {
    const v = spec[field];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      fail(`retry.${field}`, `expected an integer from ${min} to ${max}${why}, received ${JSON.stringify(v)}`);
    }
  };
  int('maxAttempts', 0, 50, ' (more retries than that hide a real failure)');
  int('intervalSeconds', 1, 99999999);
  int('maxDelaySeconds', 1, 31622400);
  if (spec.backoffRate !== undefined && (typeof spec.backoffRate !== 'number' || spec.backoffRate < 1 || spec.backoffRate > 10)) {
    fail('retry.backoffRate', `expected a number from 1 to 10, received ${JSON.stringify(spec.backoffRate)}`);
  }
}
