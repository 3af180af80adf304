import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { CONCURRENCY, CONCURRENCY_ENV, RUN_METRICS } from '../../lib/model/contract';
import { owners, reapStale, report, SlotTable, slotTableFromEnv, states } from './slots';

/** The wait-queue message the definition's `dagstep.concurrency.queue` state sends. */
export interface QueuedRun {
  readonly workflow: string;
  readonly executionId: string;
  readonly name: string;
  readonly input: unknown;
  readonly queuedAt: string;
}

/**
 * The execution name of a queued run: deterministic per wait-queue message, so a message
 * delivered twice starts one execution (the second start is `ExecutionAlreadyExists`).
 */
export function queuedRunName(originalName: string, messageId: string): string {
  return `${originalName.slice(0, 40)}-q-${messageId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
}

/**
 * Consumes the wait queue (batch size 1, partial batch responses). A message whose run cannot
 * start yet (every slot taken) is reported failed, so SQS offers it again after the visibility
 * timeout: the dispatcher polls instead of waiting for a wake-up it could miss. A message is
 * deleted only after its execution was started (or had been started before).
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const table = slotTableFromEnv();
  const target = process.env[CONCURRENCY_ENV.target];
  if (!target) throw new Error(`dagstep: ${CONCURRENCY_ENV.target} must be set`);
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    if (!(await dispatchOne(table, target, record))) failures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures: failures };
};

/** Starts the queued run when a slot is free; false when it must wait longer. */
export async function dispatchOne(table: SlotTable, target: string, record: SQSRecord): Promise<boolean> {
  const run = JSON.parse(record.body) as QueuedRun;
  const current = await owners(table);
  if (!current.includes(undefined) && (await reapStale(table, current)).length === 0) {
    report(CONCURRENCY.stillBusy, undefined, { executionId: run.executionId, owners: current });
    return false;
  }
  const name = queuedRunName(run.name, record.messageId);
  try {
    await states.send(new StartExecutionCommand({ stateMachineArn: target, name, input: JSON.stringify(run.input ?? {}) }));
  } catch (e) {
    if ((e as Error)?.name !== 'ExecutionAlreadyExists') throw e;
  }
  report(CONCURRENCY.dispatched, RUN_METRICS.dispatched, { executionId: run.executionId, name, queuedAt: run.queuedAt });
  return true;
}
