import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CONCURRENCY, CONCURRENCY_ENV, ENV, runMetricsNamespace } from '../../lib/model/contract';

/** Where the slots are: the table and how many slots it has (from the function's environment). */
export interface SlotTable {
  readonly tableName: string;
  readonly maxExecutions: number;
}

export const dynamo = new DynamoDBClient({});
export const states = new SFNClient({});

/** The slot table named by the environment (lib/constructs/concurrency.ts sets it). */
export function slotTableFromEnv(env: NodeJS.ProcessEnv = process.env): SlotTable {
  const tableName = env[CONCURRENCY_ENV.table];
  const maxExecutions = Number(env[CONCURRENCY_ENV.maxExecutions]);
  if (!tableName || !Number.isInteger(maxExecutions) || maxExecutions < 1) {
    throw new Error(`dagstep: ${CONCURRENCY_ENV.table} and ${CONCURRENCY_ENV.maxExecutions} must be set (received ${tableName}, ${env[CONCURRENCY_ENV.maxExecutions]})`);
  }
  return { tableName, maxExecutions };
}

const key = (slot: number) => ({ pk: { S: `${CONCURRENCY.slotPrefix}${slot}` } });

/**
 * Frees `slot` if `executionArn` owns it. The condition makes it safe to repeat (a duplicate
 * status event, a retried invocation) and safe against a slot someone else took meanwhile.
 * Returns whether this call freed it.
 */
export async function releaseSlot(t: SlotTable, slot: number, executionArn: string): Promise<boolean> {
  try {
    await dynamo.send(new UpdateItemCommand({
      TableName: t.tableName,
      Key: key(slot),
      UpdateExpression: 'REMOVE #owner, #since',
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': CONCURRENCY.ownerAttribute, '#since': CONCURRENCY.sinceAttribute },
      ExpressionAttributeValues: { ':owner': { S: executionArn } },
    }));
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException || (e as Error)?.name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** Frees every slot `executionArn` owns; returns the slots freed (none for a queued or skipped run). */
export async function releaseAll(t: SlotTable, executionArn: string): Promise<number[]> {
  const freed: number[] = [];
  for (let slot = 0; slot < t.maxExecutions; slot++) {
    if (await releaseSlot(t, slot, executionArn)) freed.push(slot);
  }
  return freed;
}

/** The owner of each slot (undefined = free), read consistently. */
export async function owners(t: SlotTable): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (let slot = 0; slot < t.maxExecutions; slot++) {
    const r = await dynamo.send(new GetItemCommand({ TableName: t.tableName, Key: key(slot), ConsistentRead: true }));
    out.push(r.Item?.[CONCURRENCY.ownerAttribute]?.S);
  }
  return out;
}

/**
 * Frees slots whose owner is no longer running: the safety net if a status event was never
 * delivered. Returns the slots freed.
 */
export async function reapStale(t: SlotTable, current: readonly (string | undefined)[]): Promise<number[]> {
  const freed: number[] = [];
  for (const [slot, owner] of current.entries()) {
    if (owner === undefined) continue;
    let running: boolean;
    try {
      const r = await states.send(new DescribeExecutionCommand({ executionArn: owner }));
      running = r.status === 'RUNNING' || r.status === 'PENDING_REDRIVE';
    } catch (e) {
      if ((e as Error)?.name !== 'ExecutionDoesNotExist') throw e;
      running = false;
    }
    if (!running && await releaseSlot(t, slot, owner)) freed.push(slot);
  }
  return freed;
}

/** One JSON log line, with an EMF metric in the workflow's run-metrics namespace; never throws. */
export function report(message: string, metric: string | undefined, fields: Record<string, unknown>): void {
  try {
    const workflow = process.env[ENV.workflow] ?? 'unknown';
    const emf = metric === undefined ? {} : {
      _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: runMetricsNamespace(workflow), Dimensions: [[]], Metrics: [{ Name: metric, Unit: 'Count' }] }] },
      [metric]: 1,
    };
    console.log(JSON.stringify({ level: 'INFO', message, workflow, ...fields, ...emf }));
  } catch (e) {
    console.warn(`dagstep: logging failed, continuing: ${(e as Error)?.message ?? String(e)}`);
  }
}
