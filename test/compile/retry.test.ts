import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { applyRetryPolicy, retryProps, worstCaseSeconds } from '../../lib/compile/retry';
import type { RetryPolicy } from '../../lib/model/types';

const policy: RetryPolicy = {
  name: 'p',
  rules: [
    { errors: ['TransientError', 'Lambda.ServiceException'], intervalSeconds: 2, maxAttempts: 3, backoffRate: 2, maxDelaySeconds: 5, jitter: 'FULL' },
    { errors: ['States.Timeout'], intervalSeconds: 10, maxAttempts: 1, backoffRate: 1, jitter: 'NONE' },
    { errors: ['ValidationError'], intervalSeconds: 1, maxAttempts: 0, backoffRate: 1, jitter: 'NONE' },
  ],
};

describe('retry', () => {
  test('every rule with attempts renders as one Retrier, in order, with backoff, cap and jitter', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S');
    const task = new sfn.CustomState(stack, 'T', { stateJson: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' } });
    // WHEN
    applyRetryPolicy(task, policy);
    // THEN
    expect(stack.resolve(task.toStateJson()).Retry).toStrictEqual([
      { ErrorEquals: ['TransientError', 'Lambda.ServiceException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 5, JitterStrategy: 'FULL' },
      { ErrorEquals: ['States.Timeout'], IntervalSeconds: 10, MaxAttempts: 1, BackoffRate: 1, JitterStrategy: 'NONE' },
    ]);
  });

  test('retryProps keeps the values of the rule', () => {
    // WHEN
    const p = retryProps(policy.rules[0]);
    // THEN
    expect(p.errors).toStrictEqual(['TransientError', 'Lambda.ServiceException']);
    expect(p.interval?.toSeconds()).toBe(2);
    expect(p.maxDelay?.toSeconds()).toBe(5);
    expect(p.jitterStrategy).toBe(sfn.JitterType.FULL);
  });

  test('the worst case is every attempt timing out plus the longest capped delays', () => {
    // GIVEN timeout 60 s; rule 1: 3 retries after 2, 4 and 8→cap 5 s; rule 2: 1 retry after 10 s
    // WHEN
    const worst = worstCaseSeconds(60, policy);
    // THEN 4 attempts × 60 + 11 s of delays beats 2 × 60 + 10
    expect(worst).toBe(4 * 60 + 2 + 4 + 5);
  });

  test('a policy with no retries costs one attempt', () => {
    expect(worstCaseSeconds(30, { rules: [] })).toBe(30);
  });
});
