import { TransientError, ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** The run's input: which day, how many records each API returns, and failures to simulate. */
export interface EtlInput {
  readonly date?: string;
  readonly records?: number;
  /** Failures to simulate: the extract task id whose API throttles, a warehouse outage during load. */
  readonly simulate?: { readonly throttle?: string; readonly warehouseDown?: boolean };
}

/**
 * One handler for the three extracts (the task id says which API): simulates an API that returns
 * `records` deterministic records for the day. Returns a small summary, never the records.
 */
export const handler = instrument('extract', async (event: TaskEvent<EtlInput>) => {
  const source = event.context.taskId.replace(/^extract_/, '');
  if (event.input.simulate?.throttle === event.context.taskId) {
    throw new TransientError(`${event.context.taskId}: the ${source} API throttled the request (429)`);
  }
  const { taskId } = event.context;
  const date = event.input.date;
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ValidationError(`${taskId}: input.date must be YYYY-MM-DD, received ${JSON.stringify(date)}`);
  const records = event.input.records ?? 25;
  if (!Number.isInteger(records) || records < 0) throw new ValidationError(`${taskId}: input.records must be a non-negative integer, received ${JSON.stringify(records)}`);
  return { source, date, records, key: `raw/${date}/${source}.json` };
});
