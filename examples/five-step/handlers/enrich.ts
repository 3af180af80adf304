import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Existing "enrich" Lambda: needs the validation count and the per-file PII verdicts. */
export const handler = instrument('enrich', async (event: TaskEvent) => {
  const scans = event.results.scan_pii;
  if (!Array.isArray(scans)) throw new ValidationError(`enrich: results.scan_pii must be the list of per-file scans, received ${JSON.stringify(scans)}`);
  const valid = (event.results.validate_schema as { valid?: unknown } | undefined)?.valid;
  if (typeof valid !== 'number') throw new ValidationError(`enrich: results.validate_schema.valid must be a number, received ${JSON.stringify(valid)}`);
  const redacted = (scans as { file: string; pii: boolean }[]).filter((s) => s.pii).map((s) => s.file);
  return { enriched: valid, redacted };
});
