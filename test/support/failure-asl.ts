/** Expected ASL pieces of the failure paths, shared by the compile tests. */

/** The in-progress idempotency retrier of a task with the default 60 s timeout (first in every Lambda task's Retry). */
export const IN_PROGRESS_RETRY_60 = {
  ErrorEquals: ['IdempotencyAlreadyInProgressError'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'NONE',
};

/** The Catch of a state whose failures go to `next` (States.DataLimitExceeded is named: States.ALL does not match it). */
export const catchInto = (next: string, resultPath = '$.failure') => [
  { ErrorEquals: ['States.DataLimitExceeded'], ResultPath: resultPath, Next: next },
  { ErrorEquals: ['States.ALL'], ResultPath: resultPath, Next: next },
];

/** The Retry of every dead-letter send. */
export const SEND_RETRY = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' }];
