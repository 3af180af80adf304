import { DeleteItemCommand, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { deliver, MARKER_TTL_SECONDS } from '../../lambdas/private/guard-delivery';
import { GUARD_ENV } from '../../lib/model/contract';
import type { TaskCall } from '../../lib/local/integrations';
import { compiled, INPUT } from '../failure-matrix/support';
import { LOCAL_AWS_ENV, LocalDynamo, startDynalite } from '../support/dynalite';

/**
 * The DynamoDB-backed parts of dagstep against a real DynamoDB-compatible server (dynalite, started
 * and stopped by this file): the guard's markers, Powertools idempotency records, the concurrency
 * slots' conditional writes and the cross-branch coordination items. Mocks elsewhere check the
 * requests; here DynamoDB itself decides the conditions.
 */
let db: LocalDynamo;
const sqs = mockClient(SQSClient);
const saved = { ...process.env };

beforeAll(async () => {
  db = await startDynalite();
  Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: db.endpoint });
  await db.createTable('markers', 'expiration');
  await db.createTable('idempotency', 'expiration');
  await db.createTable('slots');
  await db.createTable('coordination', 'ttl');
});
afterAll(async () => {
  process.env = saved;
  await db.stop();
});
beforeEach(() => sqs.reset());

describe('guard markers (lambdas/private/guard-delivery.ts)', () => {
  const NOW = Date.UTC(2026, 11, 6, 12);
  const owed = (id: string) => ({ id, letter: { workflow: 'wf', executionId: 'arn:x', rootExecutionId: 'arn:x', kind: 'task' as const, taskId: 'b', stateName: 'b', error: 'Error', cause: null, optional: false, input: null, truncated: true, timestamp: '' } });
  const clients = () => ({ sfn: new SFNClient({}), sqs: new SQSClient({}), ddb: db.client });
  beforeAll(() => Object.assign(process.env, { [GUARD_ENV.markerTable]: 'markers', [GUARD_ENV.queueUrl]: 'https://sqs.local/q' }));

  test('two guards delivering the same letter at once: DynamoDB lets one claim, one SQS send', async () => {
    // GIVEN a slow SQS, so both claims race
    sqs.on(SendMessageCommand).callsFake(async () => { await new Promise((r) => setTimeout(r, 50)); return {}; });
    // WHEN
    const results = await Promise.allSettled([deliver(clients(), owed('race'), NOW), deliver(clients(), owed('race'), NOW)]);
    // THEN one sent, the other found the claim held (and retries later)
    expect(results.map((r) => r.status).sort()).toStrictEqual(['fulfilled', 'rejected']);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    // AND a later duplicate sends nothing
    expect(await deliver(clients(), owed('race'), NOW + 1000)).toBe(false);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  test('a send that fails releases the claim at once: the next attempt sends (the guard never gives up)', async () => {
    // GIVEN SQS throttling once
    sqs.on(SendMessageCommand).rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })).resolves({});
    // WHEN
    await expect(deliver(clients(), owed('retry'), NOW)).rejects.toThrow('slow down');
    const second = await deliver(clients(), owed('retry'), NOW + 1000);
    // THEN
    expect(second).toBe(true);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(2);
  });

  test('a claim whose holder died is taken over after its lease, and every marker carries its TTL', async () => {
    // GIVEN a claim left by a dead invocation
    await db.client.send(new PutItemCommand({ TableName: 'markers', Item: { pk: { S: 'dead' }, state: { S: 'claimed' }, leaseUntil: { N: String(NOW / 1000 + 120) } } }));
    sqs.on(SendMessageCommand).resolves({});
    // WHEN within the lease, then after it
    await expect(deliver(clients(), owed('dead'), NOW)).rejects.toThrow(/another invocation/);
    expect(await deliver(clients(), owed('dead'), NOW + 121_000)).toBe(true);
    // THEN
    const item = await db.client.send(new GetItemCommand({ TableName: 'markers', Key: { pk: { S: 'dead' } }, ConsistentRead: true }));
    expect([item.Item?.state?.S, Number(item.Item?.expiration?.N)]).toStrictEqual(['sent', Math.floor((NOW + 121_000) / 1000) + MARKER_TTL_SECONDS]);
  });
});

describe('Powertools idempotency records (lambdas/private/idempotency.ts)', () => {
  test('the same piece of work twice runs once; the record expires', async () => {
    // GIVEN the DynamoDB persistence layer on the server
    process.env.DAGSTEP_IDEMPOTENCY_TABLE = 'idempotency';
    const { idempotencyStore, idempotent } = await import('../../lambdas/private/idempotency');
    const store = idempotencyStore('t', true, undefined)!;
    let runs = 0;
    const handler = idempotent(async () => ({ n: ++runs }), store);
    const event = { input: { day: 1 }, results: {}, context: { workflow: 'wf', executionId: 'arn:e', taskId: 't', attempt: 0 } };
    // a Lambda context as the runtime passes one (Powertools reads the time left from it)
    const lambda = { getRemainingTimeInMillis: () => 60_000 } as never;
    // WHEN a retry of the same work, then another item
    const a = await handler(event, lambda);
    const b = await handler({ ...event, context: { ...event.context, attempt: 1 } }, lambda);
    const c = await handler({ ...event, input: { day: 2 } }, lambda);
    // THEN
    expect([a, b, c, runs]).toStrictEqual([{ n: 1 }, { n: 1 }, { n: 2 }, 2]);
    // AND each record carries the TTL attribute Powertools sets, in the future
    const records = (await db.client.send(new ScanCommand({ TableName: 'idempotency' }))).Items ?? [];
    expect(records).toHaveLength(2);
    expect(records.every((r) => Number(r.expiration?.N) > Date.now() / 1000)).toBe(true);
  });
});

/** Forwards the local engine's DynamoDB service integrations to the server (the table renamed). */
function forwardDynamo(table: string) {
  return async (call: TaskCall) => {
    const m = /aws-sdk:dynamodb:(getItem|putItem|updateItem|deleteItem)(\.waitForTaskToken)?$/.exec(call.resource);
    if (!m) return undefined;
    const input = { ...(call.params as Record<string, unknown>), TableName: table } as never;
    const command = { getItem: GetItemCommand, putItem: PutItemCommand, updateItem: UpdateItemCommand, deleteItem: DeleteItemCommand }[m[1] as 'getItem'];
    try {
      const output = JSON.parse(JSON.stringify(await db.client.send(new command(input)))) as unknown;
      return { output, durationSeconds: 0, ...(m[2] ? { waitForToken: true } : {}) };
    } catch (e) {
      throw Object.assign(new Error((e as Error).message), { name: `DynamoDb.${(e as Error).name}` });
    }
  };
}

describe('cross-branch coordination (exact layouts) on a real table', () => {
  test('every edge is signalled and read through conditional writes DynamoDB decides; the run succeeds', async () => {
    // GIVEN the matrix workflow laid out with cross-branch waits, its coordination calls sent to the server
    const wf = compiled('exact', 'plain');
    // WHEN
    const { summary } = await wf.run({ input: INPUT, mockTask: forwardDynamo('coordination') });
    // THEN
    expect([summary.status, summary.deadLetters]).toStrictEqual(['SUCCEEDED', []]);
  });
});

describe('concurrency slots (lambdas/concurrency/slots.ts)', () => {
  test('a slot is released only by its owner, once', async () => {
    // GIVEN a slot owned by run-1 (the acquire state's conditional write)
    const { releaseSlot } = await import('../../lambdas/concurrency/slots');
    const t = { tableName: 'slots', maxExecutions: 2 };
    await db.client.send(new UpdateItemCommand({
      TableName: 'slots', Key: { pk: { S: 'slot#0' } }, UpdateExpression: 'SET #o = :o', ConditionExpression: 'attribute_not_exists(#o)',
      ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'run-1' } },
    }));
    // WHEN another run, then the owner twice
    const results = [await releaseSlot(t, 0, 'run-2'), await releaseSlot(t, 0, 'run-1'), await releaseSlot(t, 0, 'run-1')];
    // THEN
    expect(results).toStrictEqual([false, true, false]);
  });
});
