import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/**
 * Fallback of send_statements: runs in its place with the same dependency results, queues the
 * statements for the morning run and says why.
 */
export const handler = instrument('queue_statements', async (event: TaskEvent<{ night?: string }>) => ({
  night: event.input.night ?? 'today',
  queued: true,
  via: 'queue',
  because: event.failure?.Error ?? 'unknown',
}));
