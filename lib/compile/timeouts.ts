import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { DAGSTEP_ERRORS } from '../model/contract';
import type { TaskModel } from '../model/types';

/** Lambda's own hard limit on one invocation. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * The task timeout (ASL TimeoutSeconds) of a task: the declared one, else three times its expected
 * duration with a floor of 60 s, so a slow cold start or a slow day does not fail the task.
 */
export function taskTimeoutSeconds(task: TaskModel): number {
  return task.waitFor?.timeoutSeconds ?? task.approval?.timeoutSeconds ?? task.timeoutSeconds ?? Math.max(60, Math.ceil(3 * task.durationSeconds));
}

/**
 * The function timeout for tasks sharing one function: the shortest of their task timeouts, capped
 * by Lambda, so it never exceeds the state timeout of a task it serves. Functions of a handler are
 * split per task timeout (see {@link functionGroupKey}), so it is every task's own timeout; only
 * the built-in pass-through, which returns at once, serves tasks of different timeouts.
 */
export function functionTimeoutSeconds(tasks: readonly TaskModel[]): number {
  const shortest = Math.min(...tasks.map(taskTimeoutSeconds));
  return Math.min(LAMBDA_MAX_TIMEOUT_SECONDS, shortest);
}

/**
 * The retrier for `IdempotencyAlreadyInProgressError` (a retry that found the first attempt's
 * idempotency record still in progress): it waits, with backoff up to 60 s, for at least the
 * task's timeout plus a minute, the longest the first attempt can still run (its function's
 * timeout never exceeds the task's). Rendered first on every Lambda task, so no policy
 * dead-letters healthy work that is merely still running.
 */
export function inProgressRetry(timeoutSeconds: number): sfn.RetryProps {
  const interval = 2;
  const maxDelay = 60;
  let waited = 0;
  let attempts = 0;
  while (waited < timeoutSeconds + 60) {
    waited += Math.min(maxDelay, interval * Math.pow(2, attempts));
    attempts++;
  }
  return {
    errors: [DAGSTEP_ERRORS.idempotencyInProgress],
    interval: Duration.seconds(interval), maxAttempts: attempts, backoffRate: 2,
    maxDelay: Duration.seconds(maxDelay), jitterStrategy: sfn.JitterType.NONE,
  };
}

/**
 * Which tasks share one function: same handler and same task timeout. A function's timeout then
 * never exceeds the state timeout of a task it serves: a timed-out attempt's invocation is over
 * when the retry starts, instead of still running (and holding its idempotency record).
 */
export function functionGroupKey(handler: string, task: TaskModel): string {
  return `${handler}#${taskTimeoutSeconds(task)}`;
}
