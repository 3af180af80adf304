import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "ingest" Lambda: lists the day's files (here: from the input, or three defaults). */
export const handler = instrument('ingest_files', async (event: TaskEvent<{ files?: string[] }>) => {
  const files = event.input.files ?? ['a.csv', 'b.csv', 'c.csv'];
  return { files, count: files.length };
});
