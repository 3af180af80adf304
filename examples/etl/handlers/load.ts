import { UpstreamDependencyError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';
import { warehouse } from './warehouse';

/** Loads one partition into the warehouse (simulated); idempotent: the partition key is the row key. */
export const handler = instrument('load', async (event: TaskEvent<{ simulate?: { warehouseDown?: boolean } }>) => {
  if (event.input.simulate?.warehouseDown) throw new UpstreamDependencyError('warehouse is not accepting connections');
  const partition = String(event.item);
  warehouse.upsert(partition, event.context.executionId);
  return { partition, loaded: true };
});
