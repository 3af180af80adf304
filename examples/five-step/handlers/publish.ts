import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "publish" Lambda: announces the batch, named after the execution (idempotent on it). */
export const handler = instrument('publish', async (event: TaskEvent) => {
  const enriched = (event.results.enrich as { enriched?: unknown } | undefined)?.enriched;
  if (typeof enriched !== 'number') throw new ValidationError(`publish: results.enrich.enriched must be a number, received ${JSON.stringify(enriched)}`);
  const valid = (event.results.validate_schema as { valid?: unknown } | undefined)?.valid;
  if (valid !== enriched) throw new ValidationError(`publish: results.enrich.enriched must equal results.validate_schema.valid (${JSON.stringify(valid)}), received ${enriched}`);
  return { published: enriched, batch: event.context.executionId.split(':').pop() };
});
