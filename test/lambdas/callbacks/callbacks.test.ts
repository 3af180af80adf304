import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { awaitCallback } from '../../../lambdas/callbacks/await';
import { resume } from '../../../lambdas/callbacks/resume';
import type { CallbackClients } from '../../../lambdas/callbacks/tokens';

const sfn = mockClient(SFNClient);
const ddb = mockClient(DynamoDBClient);
const clients: CallbackClients = { sfn: new SFNClient({}), ddb: new DynamoDBClient({}) };
const NOW = Date.UTC(2026, 0, 1);
const NOW_S = NOW / 1000;
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:wf:run-1';
const EVENT = { source: 'shop', 'detail-type': 'OrderPaid', detail: { orderId: 'o-42', amount: 10 } };
const request = { taskToken: 'tok-1', workflow: 'wf', taskId: 'paid', executionId: EXECUTION, timeoutSeconds: 3600, correlation: 'o-42' };

/**
 * A DynamoDB table in memory behind the mocked client (PutItem, DeleteItem with ALL_OLD), so the
 * await and resume functions run against one store, in any interleaving a test chooses.
 */
function memoryTable(): Map<string, Record<string, unknown>> {
  const items = new Map<string, Record<string, unknown>>();
  ddb.on(PutItemCommand).callsFake((i) => { items.set(i.Item.pk.S, i.Item); return {}; });
  ddb.on(DeleteItemCommand).callsFake((i) => {
    const old = items.get(i.Key.pk.S);
    items.delete(i.Key.pk.S);
    return old ? { Attributes: old } : {};
  });
  return items;
}

beforeEach(() => {
  sfn.reset();
  ddb.reset();
  process.env.DAGSTEP_CALLBACK_TABLE = 'tokens';
});

describe('waitFor callback functions', () => {
  test('await stores the token under the correlation value with a TTL of the timeout plus a day', async () => {
    // GIVEN an empty table
    const items = memoryTable();
    // WHEN the task starts waiting
    const outcome = await awaitCallback(request, clients, NOW);
    // THEN
    expect(outcome).toBe('waiting');
    expect([...items.entries()]).toStrictEqual([['wait#paid#o-42', {
      pk: { S: 'wait#paid#o-42' }, token: { S: 'tok-1' }, executionArn: { S: EXECUTION }, expiresAt: { N: String(NOW_S + 3600 + 86400) },
    }]]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  test('an event for a waiting task resumes it with the event as the result, and claims the token', async () => {
    // GIVEN a waiting task
    const items = memoryTable();
    sfn.on(SendTaskSuccessCommand).resolves({});
    await awaitCallback(request, clients, NOW);
    // WHEN its event arrives
    const outcome = await resume({ taskId: 'paid', eventCorrelation: '$.detail.orderId', event: EVENT }, clients, NOW + 1000);
    // THEN
    expect(outcome).toBe('resumed');
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toStrictEqual([{ taskToken: 'tok-1', output: JSON.stringify(EVENT) }]);
    expect([...items.keys()]).toStrictEqual([]);
  });

  test('an event before the task waits is stored, and the task resumes with it as soon as it waits', async () => {
    // GIVEN the event arrives first
    const items = memoryTable();
    sfn.on(SendTaskSuccessCommand).resolves({});
    const early = await resume({ taskId: 'paid', eventCorrelation: '$.detail.orderId', event: EVENT }, clients, NOW);
    expect(early).toBe('stored');
    expect([...items.keys()]).toStrictEqual(['event#paid#o-42']);
    // WHEN the task starts waiting
    const outcome = await awaitCallback(request, clients, NOW + 5000);
    // THEN it is resumed at once with that event, and nothing is left behind
    expect(outcome).toBe('resumed-early');
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toStrictEqual([{ taskToken: 'tok-1', output: JSON.stringify(EVENT) }]);
    expect([...items.keys()]).toStrictEqual([]);
  });

  test('a duplicate delivery after the resume finds no token: stored, never a second SendTaskSuccess to the task', async () => {
    // GIVEN a task resumed by the event
    memoryTable();
    sfn.on(SendTaskSuccessCommand).resolves({});
    await awaitCallback(request, clients, NOW);
    await resume({ taskId: 'paid', eventCorrelation: '$.detail.orderId', event: EVENT }, clients, NOW);
    // WHEN EventBridge delivers the same event again
    const outcome = await resume({ taskId: 'paid', eventCorrelation: '$.detail.orderId', event: EVENT }, clients, NOW);
    // THEN
    expect(outcome).toBe('stored');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  test('a task that timed out meanwhile is reported closed, not thrown (EventBridge would retry it for a day)', async () => {
    // GIVEN a waiting task whose token Step Functions has closed
    memoryTable();
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    await awaitCallback(request, clients, NOW);
    // WHEN
    const outcome = await resume({ taskId: 'paid', eventCorrelation: '$.detail.orderId', event: EVENT }, clients, NOW);
    // THEN
    expect(outcome).toBe('closed');
  });

  test('an expired token (TTL not yet applied) is not used', async () => {
    // GIVEN a token stored long ago
    const items = memoryTable();
    await awaitCallback(request, clients, NOW);
    // WHEN the event comes after the item's expiry
    const outcome = await resume({ taskId: 'paid', eventCorrelation: '$.detail.orderId', event: EVENT }, clients, NOW + (3600 + 86400 + 1) * 1000);
    // THEN the event is stored as early (for a new wait), no task is resumed
    expect(outcome).toBe('stored');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect([...items.keys()]).toStrictEqual(['event#paid#o-42']);
  });

  test('an event without the correlation field is ignored; a task without its correlation value fails with a named error', async () => {
    // GIVEN / WHEN / THEN
    memoryTable();
    await expect(resume({ taskId: 'paid', eventCorrelation: '$.detail.orderId', event: { detail: {} } }, clients, NOW)).resolves.toBe('no-correlation');
    await expect(awaitCallback({ ...request, correlation: null }, clients, NOW)).rejects.toMatchObject({
      name: 'dagstep.CorrelationMissing', message: 'task "paid": the correlation value is missing from the task\'s inputs (received null)',
    });
  });
});
