import type { TaskModel } from '../model/types';

/** Lambda's own hard limit on one invocation. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * The task timeout (ASL TimeoutSeconds) of a task: the declared one, else three times its expected
 * duration with a floor of 60 s, so a slow cold start or a slow day does not fail the task.
 */
export function taskTimeoutSeconds(task: TaskModel): number {
  return task.timeoutSeconds ?? Math.max(60, Math.ceil(3 * task.durationSeconds));
}

/** The function timeout for a handler shared by tasks: the longest task timeout, capped by Lambda. */
export function functionTimeoutSeconds(tasks: readonly TaskModel[]): number {
  const longest = Math.max(...tasks.map(taskTimeoutSeconds));
  return Math.min(LAMBDA_MAX_TIMEOUT_SECONDS, longest);
}
