import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "publish" Lambda: announces the batch (idempotent on execution id). */
export const handler = instrument('publish', async (event: TaskEvent) => {
  const { enriched } = event.results.enrich as { enriched: number };
  return { published: enriched, batch: event.context.executionId.split(':').pop() };
});
