import { ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** What each extract returns (see extract.ts). */
export interface Extract {
  readonly source: string;
  readonly date: string;
  readonly records: number;
  readonly key: string;
}

/** What the transform returns: the day, the joined row count and the partition keys to load. */
export interface TransformResult {
  readonly date: string;
  readonly rows: number;
  readonly partitions: string[];
}

/** Rows per warehouse partition. */
export const PARTITION_SIZE = 20;

/** The extracts the transform joins, in order. */
export const EXTRACTS = ['extract_orders', 'extract_customers', 'extract_inventory'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks one extract's result, naming the field and what was received. */
function checked(id: string, value: unknown): Extract {
  if (!value || typeof value !== 'object') throw new ValidationError(`transform: results.${id} is missing; expected the extract's summary`);
  const e = value as Partial<Extract>;
  if (typeof e.date !== 'string' || !DAY.test(e.date)) {
    throw new ValidationError(`transform: results.${id}.date must be YYYY-MM-DD, received ${JSON.stringify(e.date)}`);
  }
  if (!Number.isInteger(e.records) || (e.records as number) < 0) {
    throw new ValidationError(`transform: results.${id}.records must be a non-negative integer, received ${JSON.stringify(e.records)}`);
  }
  return e as Extract;
}

/** Joins the three extracts: checks they are for the same day, and splits the rows into partitions. */
export const handler = instrument('transform', async (event: TaskEvent): Promise<TransformResult> => {
  const extracts = EXTRACTS.map((id) => checked(id, event.results[id]));
  const dates = new Set(extracts.map((e) => e.date));
  if (dates.size !== 1) throw new ValidationError(`transform: extracts must be for one day, received ${[...dates].join(', ')}`);
  const rows = extracts.reduce((n, e) => n + e.records, 0);
  const partitions = Array.from({ length: Math.ceil(rows / PARTITION_SIZE) }, (_, i) => `${extracts[0].date}/part-${i}`);
  return { date: extracts[0].date, rows, partitions };
});
