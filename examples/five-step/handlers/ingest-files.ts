import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** The files ingested when the input names none. */
export const DEFAULT_FILES = ['a.csv', 'b.csv', 'c.csv'];

/** Existing "ingest" Lambda: lists the day's files (here: from the input, or three defaults). */
export const handler = instrument('ingest_files', async (event: TaskEvent<{ files?: unknown }>) => {
  const files = event.input.files ?? DEFAULT_FILES;
  if (!Array.isArray(files) || files.some((f) => typeof f !== 'string' || f === '')) {
    throw new ValidationError(`ingest_files: input.files must be a list of file names, received ${JSON.stringify(files)}`);
  }
  return { files: files as string[], count: files.length };
});
