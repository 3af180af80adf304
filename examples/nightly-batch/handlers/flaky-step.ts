import { TransientError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Probability that an attempt fails with TransientError (FAILURE_RATE, default 0.2). */
export function failureRate(env: NodeJS.ProcessEnv = process.env): number {
  const r = Number(env.FAILURE_RATE ?? '0.2');
  return Number.isFinite(r) && r >= 0 && r <= 1 ? r : 0.2;
}

/**
 * A batch step that fails at random, like the real one on a bad night: retried with backoff by the
 * state machine, dead-lettered when it keeps failing.
 */
export const handler = instrument('flaky_step', async (event: TaskEvent<{ night?: string }>) => {
  if (Math.random() < failureRate()) {
    throw new TransientError(`${event.context.taskId}: database connection reset (attempt ${event.context.attempt + 1})`);
  }
  return { step: event.context.taskId, night: event.input.night ?? 'today', done: true };
});
