import { createHash } from 'crypto';
import { UpstreamDependencyError, ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';
import type { EtlInput } from './extract';
import { PARTITION_SIZE, type TransformResult } from './transform';
import { warehouse } from './warehouse';

/** The batch id of one partition write: the same for every attempt of the same execution. */
export function batchId(executionId: string, partition: string): string {
  return createHash('sha256').update(`${executionId}\n${partition}`).digest('hex').slice(0, 12);
}

/**
 * Loads one partition (a Map item: `"<date>/part-<n>"`) into the warehouse (simulated). Idempotent:
 * the partition key is the row key and the batch id is derived from the execution, so a retry
 * rewrites the same rows under the same batch id.
 */
export const handler = instrument('load', async (event: TaskEvent<EtlInput>) => {
  if (event.input.simulate?.warehouseDown) throw new UpstreamDependencyError('load: the warehouse is not accepting connections');
  const transform = event.results.transform as TransformResult | undefined;
  if (!transform) throw new ValidationError('load: results.transform is missing; expected the transform result');
  const partition = event.item;
  const index = typeof partition === 'string' ? transform.partitions.indexOf(partition) : -1;
  if (index < 0) {
    throw new ValidationError(`load: item must be one of results.transform.partitions (${transform.partitions.join(', ')}), received ${JSON.stringify(partition)}`);
  }
  const rows = Math.min(PARTITION_SIZE, transform.rows - index * PARTITION_SIZE);
  const id = batchId(event.context.executionId, partition as string);
  warehouse.upsert(partition as string, { rows, batchId: id });
  return { partition, rowsWritten: rows, batchId: id };
});
