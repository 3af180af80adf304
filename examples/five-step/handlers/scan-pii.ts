import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "PII scanner" Lambda, run once per file (a Map item). */
export const handler = instrument('scan_pii', async (event: TaskEvent) => {
  const file = String(event.item);
  return { file, pii: file.startsWith('customers') };
});
