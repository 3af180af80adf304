import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, GUARD_ENV } from '../lib/model/contract';
import { DeadLetter, GuardEvent, GuardExecution, guardLetter } from '../lib/model/dead-letter';

/** The EventBridge "Step Functions Execution Status Change" event (the fields the guard reads). */
export interface ExecutionStatusChange {
  readonly time?: string;
  readonly detail: { readonly executionArn: string; readonly status: string };
}

/** What the guard did with one event. */
export type GuardOutcome = 'ignored' | 'lettered-by-workflow' | 'sent' | 'already-sent';

/** How long one invocation holds its claim on an execution before another may take over. */
export const CLAIM_SECONDS = 120;
/** Markers expire (DynamoDB TTL) after the redrive window. */
export const MARKER_TTL_SECONDS = 15 * 24 * 60 * 60;

/** The AWS clients the guard uses (injected in tests). */
export interface GuardClients {
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
  readonly ddb: DynamoDBClient;
}

let clients: GuardClients | undefined;

/**
 * The dead-letter guard: for an execution that ended FAILED, TIMED_OUT or ABORTED, sends the
 * `kind: "execution"` dead letter ASL could not send (execution timeout, abort, an undeliverable
 * letter, an uncaught error), unless the execution sent its letter itself (decided from its
 * history, see guardLetter). Exactly once per execution run: a DynamoDB marker per
 * (execution, redrive count) is claimed before sending and set to `sent` after; a duplicate
 * event (EventBridge and Lambda deliver at least once) finds it and sends nothing, and a claim
 * whose invocation died is taken over after CLAIM_SECONDS.
 */
export async function handler(event: ExecutionStatusChange): Promise<GuardOutcome> {
  clients ??= { sfn: new SFNClient({}), sqs: new SQSClient({}), ddb: new DynamoDBClient({}) };
  return guard(event, clients, Date.now());
}

/** The guard's work, with its clients and clock given. */
export async function guard(event: ExecutionStatusChange, c: GuardClients, now: number): Promise<GuardOutcome> {
  const { executionArn, status } = event.detail;
  if (!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(status)) return 'ignored';
  const described = await c.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const root = await loadExecution(c.sfn, executionArn);
  const letter = await guardLetter(root, {
    workflow: process.env[ENV.workflow] ?? 'unknown',
    rootExecutionId: executionArn,
    timestamp: event.time ?? new Date(now).toISOString(),
    loadExecution: (arn) => loadExecution(c.sfn, arn),
  });
  if (!letter) return 'lettered-by-workflow';
  const marker = `${executionArn}#${described.redriveCount ?? 0}`;
  if (!(await claim(c.ddb, marker, now))) return 'already-sent';
  await send(c.sqs, letter);
  await c.ddb.send(new UpdateItemCommand({
    TableName: markerTable(), Key: { pk: { S: marker } },
    UpdateExpression: 'SET #state = :sent', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':sent': { S: 'sent' } },
  }));
  return 'sent';
}

/** Claims the marker; false when the letter was sent already; throws (retry later) while another invocation holds it. */
async function claim(ddb: DynamoDBClient, marker: string, now: number): Promise<boolean> {
  try {
    await ddb.send(new PutItemCommand({
      TableName: markerTable(),
      Item: {
        pk: { S: marker }, state: { S: 'claimed' },
        leaseUntil: { N: String(Math.floor(now / 1000) + CLAIM_SECONDS) },
        expiration: { N: String(Math.floor(now / 1000) + MARKER_TTL_SECONDS) },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':claimed': { S: 'claimed' }, ':now': { N: String(Math.floor(now / 1000)) } },
    }));
    return true;
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException) && (e as Error).name !== 'ConditionalCheckFailedException') throw e;
    const item = await ddb.send(new GetItemCommand({ TableName: markerTable(), Key: { pk: { S: marker } }, ConsistentRead: true }));
    if (item.Item?.state?.S === 'sent') return false;
    throw new Error(`dagstep guard: another invocation is sending the dead letter of ${marker}; retrying later`);
  }
}

async function send(sqs: SQSClient, letter: DeadLetter): Promise<void> {
  const queueUrl = process.env[GUARD_ENV.queueUrl];
  if (!queueUrl) throw new Error(`dagstep guard: ${GUARD_ENV.queueUrl} is not set`);
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(letter) }));
}

function markerTable(): string {
  const t = process.env[GUARD_ENV.markerTable];
  if (!t) throw new Error(`dagstep guard: ${GUARD_ENV.markerTable} is not set`);
  return t;
}

/** An execution's status and whole history, normalised for guardLetter. */
export async function loadExecution(sfn: SFNClient, executionArn: string): Promise<GuardExecution> {
  const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  const raw: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000, includeExecutionData: true }));
    raw.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return { executionArn, status: d.status ?? 'FAILED', error: d.error, cause: d.cause, events: normaliseHistory(raw) };
}

/**
 * Step Functions history events → GuardEvents: state events carry their name; task events are
 * attributed to the state they belong to by following previousEventId back to its StateEntered.
 */
export function normaliseHistory(raw: readonly HistoryEvent[]): GuardEvent[] {
  const byId = new Map<number, HistoryEvent>(raw.map((e) => [e.id ?? 0, e]));
  const nameOf = (e: HistoryEvent): string | undefined => e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name;
  const owner = (e: HistoryEvent): string | undefined => {
    let cur: HistoryEvent | undefined = e;
    for (let i = 0; cur && i < 100; i++) {
      const n = nameOf(cur);
      if (n !== undefined && cur.type?.endsWith('StateEntered')) return n;
      cur = cur.previousEventId !== undefined ? byId.get(cur.previousEventId) : undefined;
    }
    return undefined;
  };
  return raw.map((e) => {
    const type = e.type ?? '';
    const failed = e.taskFailedEventDetails ?? e.executionFailedEventDetails ?? e.taskTimedOutEventDetails;
    const output = e.taskSubmittedEventDetails?.output ?? e.taskSucceededEventDetails?.output;
    const stateName = nameOf(e) ?? (type.startsWith('Task') ? owner(e) : undefined);
    return {
      type,
      ...(stateName !== undefined ? { stateName } : {}),
      ...(failed?.error !== undefined ? { error: failed.error } : {}),
      ...(failed?.cause !== undefined ? { cause: failed.cause } : {}),
      ...(output !== undefined ? { output } : {}),
    };
  });
}
