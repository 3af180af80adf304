import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CALLBACK_ENV, CALLBACK_TTL_ATTRIBUTE } from '../../lib/model/contract';

/** The AWS clients the callback functions use (injected in tests). */
export interface CallbackClients {
  readonly ddb: DynamoDBClient;
  readonly sfn: SFNClient;
}

/** Items outlive their wait by a day, so a late event or decision still finds (and reports) a closed task. */
export const TOKEN_TTL_MARGIN_SECONDS = 24 * 60 * 60;

export function tokenTable(): string {
  const t = process.env[CALLBACK_ENV.tokenTable];
  if (!t) throw new Error(`dagstep callbacks: ${CALLBACK_ENV.tokenTable} is not set`);
  return t;
}

/** A value at a simple JSONPath (`$.detail.orderId`), or undefined. */
export function readPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.replace(/^\$\.?/, '').split('.').filter((k) => k !== '')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A correlation value as the key part it is stored under (strings as is, numbers and others as JSON). */
export function correlationKey(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Stores one item with its TTL (`ttlSeconds` from now). */
export async function putItem(c: CallbackClients, pk: string, attrs: Record<string, string>, ttlSeconds: number, now: number): Promise<void> {
  await c.ddb.send(new PutItemCommand({
    TableName: tokenTable(),
    Item: {
      pk: { S: pk },
      ...Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { S: v }])),
      [CALLBACK_TTL_ATTRIBUTE]: { N: String(Math.floor(now / 1000) + ttlSeconds) },
    },
  }));
}

/**
 * Deletes an item and returns its string attributes: the delete is the claim (of two concurrent
 * claimants, DynamoDB gives the old item to one). Expired items not yet removed by TTL count as gone.
 */
export async function claimItem(c: CallbackClients, pk: string, now: number): Promise<Record<string, string> | undefined> {
  const r = await c.ddb.send(new DeleteItemCommand({ TableName: tokenTable(), Key: { pk: { S: pk } }, ReturnValues: 'ALL_OLD' }));
  const item = r.Attributes;
  if (!item) return undefined;
  const expires = Number(item[CALLBACK_TTL_ATTRIBUTE]?.N ?? Infinity);
  if (expires < Math.floor(now / 1000)) return undefined;
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v.S !== undefined).map(([k, v]) => [k, v.S!]));
}

/**
 * SendTaskSuccess, where a task that is no longer waiting (it timed out, or another delivery of the
 * same event resumed it first) is reported, not thrown: the callback pattern's tokens are single use
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html:
 * TaskDoesNotExist, InvalidToken, TaskTimedOut).
 */
export async function sendSuccess(c: CallbackClients, taskToken: string, output: unknown): Promise<'resumed' | 'closed'> {
  try {
    await c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? null) }));
    return 'resumed';
  } catch (e) {
    if (['TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut'].includes((e as Error).name)) return 'closed';
    throw e;
  }
}
