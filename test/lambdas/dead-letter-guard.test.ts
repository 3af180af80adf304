import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { CLAIM_SECONDS, guard, GuardClients, normaliseHistory } from '../../lambdas/dead-letter-guard';

const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);
const ddb = mockClient(DynamoDBClient);
const clients: GuardClients = { sfn: new SFNClient({}), sqs: new SQSClient({}), ddb: new DynamoDBClient({}) };
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:wf:run-1';
const NOW = Date.UTC(2026, 0, 1, 0, 10);
const event = (status: string) => ({ time: '2026-01-01T00:10:00Z', detail: { executionArn: ARN, status } });

/** A Step Functions history: a entered and exited, b entered (running). */
const RUNNING_B: HistoryEvent[] = [
  { id: 1, type: 'ExecutionStarted', timestamp: new Date(NOW) },
  { id: 2, previousEventId: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'a' }, timestamp: new Date(NOW) },
  { id: 3, previousEventId: 2, type: 'TaskStateExited', stateExitedEventDetails: { name: 'a' }, timestamp: new Date(NOW) },
  { id: 4, previousEventId: 3, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'b' }, timestamp: new Date(NOW) },
  { id: 5, previousEventId: 4, type: 'TaskScheduled', timestamp: new Date(NOW) },
  { id: 6, previousEventId: 5, type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' }, timestamp: new Date(NOW) },
];

beforeEach(() => {
  sfn.reset();
  sqs.reset();
  ddb.reset();
  process.env.DAGSTEP_WORKFLOW = 'wf';
  process.env.DAGSTEP_DEAD_LETTER_QUEUE_URL = 'https://sqs/dlq';
  process.env.DAGSTEP_GUARD_MARKER_TABLE = 'markers';
});

describe('dead-letter guard function', () => {
  test('a timed-out execution: claims the marker, sends one execution letter, marks it sent', async () => {
    // GIVEN
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', error: 'States.Timeout', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B });
    // WHEN
    const outcome = await guard(event('TIMED_OUT'), clients, NOW);
    // THEN
    expect(outcome).toBe('sent');
    expect(ddb.commandCalls(PutItemCommand)[0].args[0].input).toStrictEqual({
      TableName: 'markers',
      Item: {
        pk: { S: `${ARN}#0` }, state: { S: 'claimed' },
        leaseUntil: { N: String(NOW / 1000 + CLAIM_SECONDS) }, expiration: { N: String(NOW / 1000 + 15 * 24 * 3600) },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':claimed': { S: 'claimed' }, ':now': { N: String(NOW / 1000) } },
    });
    expect(JSON.parse(sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody!)).toStrictEqual({
      workflow: 'wf', executionId: ARN, rootExecutionId: ARN, kind: 'execution', taskId: 'b', stateName: 'b',
      error: 'States.Timeout', cause: null, optional: false, input: null, truncated: true, timestamp: '2026-01-01T00:10:00Z',
    });
    expect(ddb.commandCalls(UpdateItemCommand)[0].args[0].input.ExpressionAttributeValues).toStrictEqual({ ':sent': { S: 'sent' } });
  });

  test('a duplicate event (EventBridge / Lambda deliver at least once) finds the marker sent: nothing twice', async () => {
    // GIVEN the marker already says sent
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', error: 'States.Timeout', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B });
    ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb.on(GetItemCommand).resolves({ Item: { pk: { S: `${ARN}#0` }, state: { S: 'sent' } } });
    // WHEN / THEN
    expect(await guard(event('TIMED_OUT'), clients, NOW)).toBe('already-sent');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  test('another invocation holds a live claim: throw, so Lambda retries later (and then finds it sent)', async () => {
    // GIVEN
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED', redriveCount: 1 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B.slice(0, 5) });
    ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb.on(GetItemCommand).resolves({ Item: { pk: { S: `${ARN}#1` }, state: { S: 'claimed' } } });
    // WHEN / THEN
    await expect(guard(event('ABORTED'), clients, NOW)).rejects.toThrow(`dagstep guard: another invocation is sending the dead letter of ${ARN}#1; retrying later`);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  test('an execution that sent its own letter (failed at dagstep.fail.<n>) gets none, and no marker is touched', async () => {
    // GIVEN
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'Error', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [
      { id: 1, type: 'FailStateEntered', stateEnteredEventDetails: { name: 'dagstep.fail.1' }, timestamp: new Date(NOW) },
      { id: 2, previousEventId: 1, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Error' }, timestamp: new Date(NOW) },
    ] });
    // WHEN / THEN
    expect(await guard(event('FAILED'), clients, NOW)).toBe('lettered-by-workflow');
    expect([ddb.calls().length, sqs.calls().length]).toStrictEqual([0, 0]);
  });

  test('a succeeded status change is ignored; history is read page by page', async () => {
    // GIVEN two pages
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: RUNNING_B.slice(0, 3), nextToken: 'p2' })
      .resolvesOnce({ events: RUNNING_B.slice(3) });
    // WHEN
    const ignored = await guard(event('SUCCEEDED'), clients, NOW);
    const sent = await guard(event('TIMED_OUT'), clients, NOW);
    // THEN
    expect([ignored, sent]).toStrictEqual(['ignored', 'sent']);
    expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input.nextToken)).toStrictEqual([undefined, 'p2']);
  });

  test('normaliseHistory names task events after the state they belong to', () => {
    // GIVEN a child state's task events
    const raw: HistoryEvent[] = [
      { id: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'dagstep.child.1' }, timestamp: new Date(NOW) },
      { id: 2, previousEventId: 1, type: 'TaskSubmitted', taskSubmittedEventDetails: { resource: 'r', resourceType: 'states', output: '{"ExecutionArn":"x"}' }, timestamp: new Date(NOW) },
      { id: 3, previousEventId: 2, type: 'TaskFailed', taskFailedEventDetails: { resource: 'r', resourceType: 'states', error: 'States.TaskFailed', cause: '{"Status":"FAILED"}' }, timestamp: new Date(NOW) },
    ];
    // WHEN / THEN
    expect(normaliseHistory(raw)).toStrictEqual([
      { type: 'TaskStateEntered', stateName: 'dagstep.child.1' },
      { type: 'TaskSubmitted', stateName: 'dagstep.child.1', output: '{"ExecutionArn":"x"}' },
      { type: 'TaskFailed', stateName: 'dagstep.child.1', error: 'States.TaskFailed', cause: '{"Status":"FAILED"}' },
    ]);
  });
});
