import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

interface Extract { readonly source: string; readonly date: string; readonly records: number; readonly key: string }

/** Rows per warehouse partition. */
export const PARTITION_SIZE = 20;

/** Joins the three extracts: checks they are for the same day, and splits the rows into partitions. */
export const handler = instrument('transform', async (event: TaskEvent) => {
  const extracts = ['extract_orders', 'extract_customers', 'extract_inventory'].map((id) => {
    const e = event.results[id] as Extract | undefined;
    if (!e) throw new ValidationError(`missing the result of ${id}`);
    return e;
  });
  const dates = new Set(extracts.map((e) => e.date));
  if (dates.size !== 1) throw new ValidationError(`extracts are for different days: ${[...dates].join(', ')}`);
  const rows = extracts.reduce((n, e) => n + e.records, 0);
  const partitions = Array.from({ length: Math.ceil(rows / PARTITION_SIZE) }, (_, i) => `${extracts[0].date}/part-${i}`);
  return { date: extracts[0].date, rows, partitions };
});
