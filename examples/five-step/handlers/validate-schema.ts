import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "validate" Lambda: every file must be a CSV. */
export const handler = instrument('validate_schema', async (event: TaskEvent) => {
  const { files } = event.results.ingest_files as { files: string[] };
  const bad = files.filter((f) => !f.endsWith('.csv'));
  if (bad.length > 0) throw new ValidationError(`not CSV: ${bad.join(', ')}`);
  return { valid: files.length };
});
