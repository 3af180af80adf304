import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, GUARD_ENV, isUnsuccessful } from '../../lib/model/contract';
import { GuardEvent, GuardExecution, guardLetters, OwedLetter } from '../../lib/model/guard-decision';

/**
 * Delivery of the letters the guard owes, shared by the event-driven guard and the scheduled
 * sweep. "Never twice": each letter is sent under a DynamoDB marker of its deterministic id,
 * claimed with a conditional write (DynamoDB conditional writes are atomic: Developer Guide,
 * "Condition expressions") and set to `sent` after SQS accepted the message. "Never lost": a claim
 * whose holder failed is released at once (or expires after CLAIM_SECONDS when the holder died),
 * so the next event retry or sweep takes it over; nothing is given up while a claim is open.
 */

/** How long one invocation holds its claim on a letter before another may take over. */
export const CLAIM_SECONDS = 120;
/** Markers expire (DynamoDB TTL) after the 14-day redrive window and a day. */
export const MARKER_TTL_SECONDS = 15 * 24 * 60 * 60;
/** A state input longer than this is not kept while reading a history (its snapshot would be cut anyway). */
export const KEPT_INPUT_MAX_CHARS = 64 * 1024;

/** The AWS clients the guard uses (injected in tests). */
export interface GuardClients {
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
  readonly ddb: DynamoDBClient;
}

/** What delivering one execution's letters did. */
export interface Delivery {
  readonly owed: number;
  readonly sent: number;
}

/** Reads the execution and sends every letter it is owed that was not sent yet. */
export async function deliverOwed(c: GuardClients, executionArn: string, timestamp: string, now: number): Promise<Delivery> {
  const root = await loadExecution(c.sfn, executionArn);
  const owed = await guardLetters(root, {
    workflow: process.env[ENV.workflow] ?? 'unknown',
    rootExecutionId: executionArn,
    timestamp,
    loadExecution: (arn) => loadExecution(c.sfn, arn),
  });
  let sent = 0;
  for (const o of owed) if (await deliver(c, o, now)) sent++;
  // Only an ended run is done: one still RUNNING (redriven before this event came) is decided when it ends.
  if (isUnsuccessful(root.status)) await markExecution(c.ddb, executionArn, root.redriveCount ?? 0, now);
  return { owed: owed.length, sent };
}

/** Marker of an execution (per redrive) all of whose letters were delivered: the sweep skips it. */
export function executionMarker(executionArn: string, redriveCount: number): string {
  return `${executionArn}#${redriveCount}#done`;
}

/** True when every letter of this execution run was delivered already. */
export async function deliveredAlready(ddb: DynamoDBClient, executionArn: string, redriveCount: number): Promise<boolean> {
  const item = await ddb.send(new GetItemCommand({ TableName: markerTable(), Key: { pk: { S: executionMarker(executionArn, redriveCount) } },
    ConsistentRead: true }));
  return item.Item !== undefined;
}

async function markExecution(ddb: DynamoDBClient, executionArn: string, redriveCount: number, now: number): Promise<void> {
  await ddb.send(new PutItemCommand({
    TableName: markerTable(),
    Item: { pk: { S: executionMarker(executionArn, redriveCount) }, state: { S: 'sent' }, expiration: { N: String(Math.floor(now / 1000) + MARKER_TTL_SECONDS) } },
  }));
}

/** Sends one letter unless its marker says it was sent; false when it was. */
export async function deliver(c: GuardClients, o: OwedLetter, now: number): Promise<boolean> {
  if (!(await claim(c.ddb, o.id, now))) return false;
  try {
    await send(c.sqs, o);
  } catch (e) {
    // Release the claim so that the next attempt (event retry or sweep) sends it: never give up.
    await c.ddb.send(new DeleteItemCommand({
      TableName: markerTable(), Key: { pk: { S: o.id } },
      ConditionExpression: '#state = :claimed', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':claimed': { S: 'claimed' } },
    })).catch(() => undefined);
    throw e;
  }
  await c.ddb.send(new UpdateItemCommand({
    TableName: markerTable(), Key: { pk: { S: o.id } },
    UpdateExpression: 'SET #state = :sent', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':sent': { S: 'sent' } },
  }));
  return true;
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
    throw new Error(`dagstep guard: another invocation is sending the dead letter ${marker}; retrying later`, { cause: e });
  }
}

/**
 * SQS standard queues deliver at least once and may, rarely, deliver a copy twice (SQS Developer
 * Guide, "Amazon SQS standard queues"): the letter carries its id as a message attribute
 * (`letterId`) so a consumer can drop such a copy.
 */
async function send(sqs: SQSClient, o: OwedLetter): Promise<void> {
  const queueUrl = process.env[GUARD_ENV.queueUrl];
  if (!queueUrl) throw new Error(`dagstep guard: ${GUARD_ENV.queueUrl} is not set`);
  await sqs.send(new SendMessageCommand({
    QueueUrl: queueUrl, MessageBody: JSON.stringify(o.letter),
    MessageAttributes: { letterId: { DataType: 'String', StringValue: o.id } },
  }));
}

function markerTable(): string {
  const t = process.env[GUARD_ENV.markerTable];
  if (!t) throw new Error(`dagstep guard: ${GUARD_ENV.markerTable} is not set`);
  return t;
}

/**
 * An execution's status and history, normalised for guardLetters, read page by page (1,000
 * events a page, the most GetExecutionHistory returns) and kept compact: a state input over
 * KEPT_INPUT_MAX_CHARS is dropped as it is read, so memory stays bounded by the event count.
 */
export async function loadExecution(sfn: SFNClient, executionArn: string): Promise<GuardExecution> {
  const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  const normaliser = new HistoryNormaliser();
  const events: GuardEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000, includeExecutionData: true }));
    for (const e of page.events ?? []) events.push(normaliser.add(e));
    nextToken = page.nextToken;
  } while (nextToken);
  return { executionArn, status: d.status ?? 'FAILED', error: d.error, cause: d.cause, redriveCount: d.redriveCount ?? 0, events };
}

/** Step Functions history events → GuardEvents (used by loadExecution; exported for tests). */
export function normaliseHistory(raw: readonly HistoryEvent[]): GuardEvent[] {
  const n = new HistoryNormaliser();
  return raw.map((e) => n.add(e));
}

/**
 * Attributes each event to the state entry it belongs to by following previousEventId back to a
 * StateEntered event; remembers only each event's previous id and entry, not the events.
 */
class HistoryNormaliser {
  private readonly prev = new Map<number, number>();
  private readonly entryOf = new Map<number, { name: string; id: number }>();

  add(e: HistoryEvent): GuardEvent {
    const id = e.id ?? 0;
    const type = e.type ?? '';
    if (e.previousEventId !== undefined) this.prev.set(id, e.previousEventId);
    const enteredName = e.stateEnteredEventDetails?.name;
    if (enteredName !== undefined && type.endsWith('StateEntered')) this.entryOf.set(id, { name: enteredName, id });
    const owner = enteredName === undefined ? this.owner(id) : undefined;
    const failed = e.taskFailedEventDetails ?? e.executionFailedEventDetails ?? e.taskTimedOutEventDetails
      ?? e.lambdaFunctionFailedEventDetails ?? e.lambdaFunctionTimedOutEventDetails ?? e.taskStartFailedEventDetails ?? e.taskSubmitFailedEventDetails
      ?? e.mapRunFailedEventDetails;
    const mapRunArn = e.mapRunStartedEventDetails?.mapRunArn;
    const output = e.taskSubmittedEventDetails?.output ?? e.taskSucceededEventDetails?.output;
    const stateName = enteredName ?? e.stateExitedEventDetails?.name ?? owner?.name;
    const input = e.stateEnteredEventDetails?.input ?? e.taskScheduledEventDetails?.parameters;
    if (owner) this.entryOf.set(id, owner);
    return {
      type, id,
      ...(stateName !== undefined ? { stateName } : {}),
      ...(owner !== undefined ? { entry: owner.id } : {}),
      ...(failed?.error !== undefined ? { error: failed.error } : {}),
      ...(failed?.cause !== undefined ? { cause: failed.cause } : {}),
      ...(output !== undefined ? { output } : {}),
      ...(input !== undefined && input.length <= KEPT_INPUT_MAX_CHARS ? { input } : {}),
      ...(mapRunArn !== undefined ? { mapRunArn } : {}),
    };
  }

  private owner(id: number): { name: string; id: number } | undefined {
    const p = this.prev.get(id);
    return p !== undefined ? this.entryOf.get(p) : undefined;
  }
}
