import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** File name prefixes whose contents hold personal data. */
export const PII_PREFIXES = ['customers'];

/** Existing "PII scanner" Lambda, run once per file (a Map item). */
export const handler = instrument('scan_pii', async (event: TaskEvent) => {
  const file = event.item;
  if (typeof file !== 'string' || file === '') throw new ValidationError(`scan_pii: item must be a file name, received ${JSON.stringify(file)}`);
  return { file, pii: PII_PREFIXES.some((p) => file.startsWith(p)) };
});
