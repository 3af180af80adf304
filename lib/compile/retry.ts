import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { RetryPolicy, RetryRule } from '../model/types';

/** One model retry rule as CDK retry props (rendered 1:1 into an ASL Retrier). */
export function retryProps(rule: RetryRule): sfn.RetryProps {
  return {
    errors: [...rule.errors],
    interval: Duration.seconds(rule.intervalSeconds),
    maxAttempts: rule.maxAttempts,
    backoffRate: rule.backoffRate,
    maxDelay: rule.maxDelaySeconds !== undefined ? Duration.seconds(rule.maxDelaySeconds) : undefined,
    jitterStrategy: rule.jitter === 'FULL' ? sfn.JitterType.FULL : sfn.JitterType.NONE,
  };
}

/** Adds every rule of a policy, in order (ASL uses the first retrier whose errors match). */
export function applyRetryPolicy(state: { addRetry(props: sfn.RetryProps): unknown }, policy: RetryPolicy): void {
  for (const rule of policy.rules) {
    if (rule.maxAttempts > 0) state.addRetry(retryProps(rule));
  }
}

/**
 * Worst-case seconds a task can take: every attempt runs to its timeout and every retry waits its
 * longest delay (full jitter draws at most the computed delay, capped by MaxDelaySeconds).
 * Assumes the worst rule is hit on every retry, which bounds the real worst case from above.
 */
export function worstCaseSeconds(timeoutSeconds: number, policy: RetryPolicy): number {
  let worstRetries = 0;
  let worstDelays = 0;
  for (const rule of policy.rules) {
    let delays = 0;
    for (let i = 0; i < rule.maxAttempts; i++) {
      const d = rule.intervalSeconds * Math.pow(rule.backoffRate, i);
      delays += rule.maxDelaySeconds !== undefined ? Math.min(d, rule.maxDelaySeconds) : d;
    }
    if (rule.maxAttempts * timeoutSeconds + delays > worstRetries * timeoutSeconds + worstDelays) {
      worstRetries = rule.maxAttempts;
      worstDelays = delays;
    }
  }
  return (worstRetries + 1) * timeoutSeconds + worstDelays;
}
