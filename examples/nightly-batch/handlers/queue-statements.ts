import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Fallback of send_statements: queues them for the morning run and says why. */
export const handler = instrument('queue_statements', async (event: TaskEvent) => ({
  queued: true,
  via: 'queue',
  because: event.failure?.Error ?? 'unknown',
}));
