import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "validate" Lambda: every ingested file must be a CSV. */
export const handler = instrument('validate_schema', async (event: TaskEvent) => {
  const files = (event.results.ingest_files as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files)) throw new ValidationError(`validate_schema: results.ingest_files.files must be a list, received ${JSON.stringify(files)}`);
  const bad = files.filter((f) => typeof f !== 'string' || !f.endsWith('.csv'));
  if (bad.length > 0) throw new ValidationError(`validate_schema: every file must end in .csv, received ${bad.map((f) => JSON.stringify(f)).join(', ')}`);
  return { valid: files.length };
});
