import type { EventBridgeEvent } from 'aws-lambda';
import { CONCURRENCY, RUN_METRICS } from '../../lib/model/contract';
import { owners, reapStale, releaseAll, report, slotTableFromEnv } from './slots';

/** The part of a "Step Functions Execution Status Change" event the release reads. */
export interface StatusChange {
  readonly executionArn: string;
  readonly status: string;
}

/**
 * Target of the EventBridge rule on every terminal status of the workflow's executions
 * (SUCCEEDED, FAILED, TIMED_OUT, ABORTED): frees the slot the execution held. Repeated events are
 * no-ops (conditional on the owner). An error is thrown so EventBridge retries, then dead-letters.
 *
 * Step Functions delivers status events on a best-effort basis, so the same function also runs on
 * a schedule (`Scheduled Event`) and frees slots whose owner is no longer running.
 */
export const handler = async (event: EventBridgeEvent<string, StatusChange | Record<string, never>>): Promise<{ freed: number[] }> => {
  const table = slotTableFromEnv();
  const executionArn = (event.detail as Partial<StatusChange>).executionArn;
  const freed = executionArn !== undefined ? await releaseAll(table, executionArn) : await reapStale(table, await owners(table));
  if (freed.length > 0) {
    report(CONCURRENCY.released, RUN_METRICS.slotsReleased, {
      executionId: executionArn ?? null, status: (event.detail as Partial<StatusChange>).status ?? 'stale', slots: freed,
    });
  }
  return { freed };
};
