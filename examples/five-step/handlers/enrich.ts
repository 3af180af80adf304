import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "enrich" Lambda: needs the validation count and the per-file PII verdicts. */
export const handler = instrument('enrich', async (event: TaskEvent) => {
  const scans = event.results.scan_pii as { file: string; pii: boolean }[];
  const { valid } = event.results.validate_schema as { valid: number };
  return { enriched: valid, redacted: scans.filter((s) => s.pii).map((s) => s.file) };
});
