import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { CLAIM_SECONDS, guard, MARKER_TTL_SECONDS } from '../../lambdas/dead-letter-guard';
import { branchLetter, RUNNING_B, timedOutLetter, TWO_BRANCHES } from '../support/guard-histories';
import { mockedGuardClients } from '../support/guard-clients';
import { MarkerTable } from '../support/marker-table';

const { sfn, sqs, ddb, clients, reset } = mockedGuardClients();
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:wf:run-1';
const NOW = Date.UTC(2026, 0, 1, 0, 10);
const NOW_S = NOW / 1000;
const event = (status: string) => ({ time: '2026-01-01T00:10:00Z', detail: { executionArn: ARN, status } });

const TIMED_OUT_LETTER = timedOutLetter(ARN, '2026-01-01T00:10:00Z');

const sentBodies = () => sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!));

beforeEach(() => {
  reset();
  process.env.DAGSTEP_WORKFLOW = 'wf';
});

describe('dead-letter guard function', () => {
  test('a timed-out execution: claims the letter\'s marker, sends one execution letter with its id, marks it and the execution done', async () => {
    // GIVEN
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', error: 'States.Timeout', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B });
    // WHEN
    const outcome = await guard(event('TIMED_OUT'), clients, NOW);
    // THEN the claim is a conditional write of the letter's id: new, or a claim whose lease ran out
    expect(outcome).toBe('sent');
    const puts = ddb.commandCalls(PutItemCommand).map((c) => c.args[0].input);
    expect(puts[0]).toStrictEqual({
      TableName: 'markers',
      Item: {
        pk: { S: `${ARN}#0#execution` }, state: { S: 'claimed' },
        leaseUntil: { N: String(NOW_S + CLAIM_SECONDS) }, expiration: { N: String(NOW_S + 15 * 24 * 3600) },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':claimed': { S: 'claimed' }, ':now': { N: String(NOW_S) } },
    });
    // AND the letter goes to the DLQ with its id as the `letterId` attribute (a consumer drops an SQS duplicate by it)
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input)).toStrictEqual([{
      QueueUrl: 'https://sqs/dlq', MessageBody: JSON.stringify(TIMED_OUT_LETTER),
      MessageAttributes: { letterId: { DataType: 'String', StringValue: `${ARN}#0#execution` } },
    }]);
    // AND only then the marker says sent, and the execution run is marked done (the sweep skips it)
    expect(ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input)).toStrictEqual([{
      TableName: 'markers', Key: { pk: { S: `${ARN}#0#execution` } },
      UpdateExpression: 'SET #state = :sent', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':sent': { S: 'sent' } },
    }]);
    expect(puts[1]).toStrictEqual({
      TableName: 'markers', Item: { pk: { S: `${ARN}#0#done` }, state: { S: 'sent' }, expiration: { N: String(NOW_S + MARKER_TTL_SECONDS) } },
    });
  });

  test('two branches that failed together: one letter per failed task, each under its own marker', async () => {
    // GIVEN
    const table = new MarkerTable('markers');
    table.install(ddb);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'Error', cause: 'b broke', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: TWO_BRANCHES });
    // WHEN
    const outcome = await guard(event('FAILED'), clients, NOW);
    // THEN
    expect(outcome).toBe('sent');
    expect(sentBodies()).toStrictEqual([branchLetter(ARN, 'b', '2026-01-01T00:10:00Z'), branchLetter(ARN, 'c', '2026-01-01T00:10:00Z')]);
    expect(table.states()).toStrictEqual({ [`${ARN}#0#b`]: 'sent', [`${ARN}#0#c`]: 'sent', [`${ARN}#0#done`]: 'sent' });
  });

  test('an event delivered twice (EventBridge and Lambda deliver at least once) sends once', async () => {
    // GIVEN
    const table = new MarkerTable('markers');
    table.install(ddb);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', error: 'States.Timeout', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B });
    // WHEN the same event is handled twice
    const outcomes = [await guard(event('TIMED_OUT'), clients, NOW), await guard(event('TIMED_OUT'), clients, NOW + 1000)];
    // THEN the second finds the marker sent
    expect(outcomes).toStrictEqual(['sent', 'already-sent']);
    expect(sentBodies()).toStrictEqual([TIMED_OUT_LETTER]);
  });

  test('a guard whose SQS send failed released its claim, so the next attempt sends', async () => {
    // GIVEN SQS failing the first send only
    const table = new MarkerTable('markers');
    table.install(ddb);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', error: 'States.Timeout', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B });
    sqs.on(SendMessageCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves({ MessageId: 'm-1' });
    // WHEN the first attempt fails (Lambda retries it), and the retry runs within the claim's lease
    await expect(guard(event('TIMED_OUT'), clients, NOW)).rejects.toThrow('Rate exceeded');
    const afterFailure = table.states();
    const retried = await guard(event('TIMED_OUT'), clients, NOW + 1000);
    // THEN the failed attempt left no claim and no done marker behind, and the retry sent the letter
    expect(afterFailure).toStrictEqual({});
    expect(retried).toBe('sent');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(2);
    expect(table.states()).toStrictEqual({ [`${ARN}#0#execution`]: 'sent', [`${ARN}#0#done`]: 'sent' });
  });

  test('another invocation holds a live claim: throw, so Lambda retries later; a claim whose holder died is taken over', async () => {
    // GIVEN a claim held until 60 s from now
    const table = new MarkerTable('markers');
    table.install(ddb);
    table.items.set(`${ARN}#1#execution`, { pk: { S: `${ARN}#1#execution` }, state: { S: 'claimed' }, leaseUntil: { N: String(NOW_S + 60) } });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED', redriveCount: 1 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B.slice(0, 5) });
    // WHEN / THEN while the lease runs, nothing is sent
    await expect(guard(event('ABORTED'), clients, NOW)).rejects.toThrow(`dagstep guard: another invocation is sending the dead letter ${ARN}#1#execution; retrying later`);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    // AND once it ran out, the next attempt takes the claim over and sends
    expect(await guard(event('ABORTED'), clients, NOW + 61_000)).toBe('sent');
    expect(sentBodies().map((l) => [l.kind, l.stateName, l.error])).toStrictEqual([['execution', 'b', 'dagstep.ExecutionAborted']]);
  });

  test('an execution whose ASL send could not deliver its letter: the guard sends that letter, as an execution letter', async () => {
    // GIVEN optional b's letter, carried as the cause of the undeliverable Fail
    const carried = {
      workflow: 'wf', executionId: ARN, rootExecutionId: ARN, kind: 'task', taskId: 'b', stateName: 'b', error: 'Error', cause: 'b broke',
      optional: true, input: { input: {}, results: {} }, truncated: false, timestamp: '2026-01-01T00:09:00Z',
    };
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'dagstep.DeadLetterUndeliverable', cause: JSON.stringify(carried), redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B.slice(0, 3) });
    // WHEN
    expect(await guard(event('FAILED'), clients, NOW)).toBe('sent');
    // THEN
    expect(sentBodies()).toStrictEqual([{ ...carried, kind: 'execution', optional: false, timestamp: '2026-01-01T00:10:00Z' }]);
    expect(sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageAttributes).toStrictEqual({ letterId: { DataType: 'String', StringValue: `${ARN}#0#undeliverable` } });
  });

  test('an execution redriven before its event arrived is owed nothing now, and is not marked done', async () => {
    // GIVEN the FAILED event of run 0 arrives after the redrive started (run 1 is RUNNING)
    const table = new MarkerTable('markers');
    table.install(ddb);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', redriveCount: 1 });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: RUNNING_B.slice(0, 5) });
    // WHEN
    const outcome = await guard(event('FAILED'), clients, NOW);
    // THEN nothing is sent, and run 1 gets no done marker: if it fails and its own event is lost,
    // the sweep must still letter it
    expect(outcome).toBe('nothing-owed');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(table.states()).toStrictEqual({});
  });

  test('a succeeded status change is ignored; history is read page by page, with its data', async () => {
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
    expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input)).toStrictEqual([
      { executionArn: ARN, nextToken: undefined, maxResults: 1000, includeExecutionData: true },
      { executionArn: ARN, nextToken: 'p2', maxResults: 1000, includeExecutionData: true },
    ]);
    expect(sentBodies()).toStrictEqual([TIMED_OUT_LETTER]);
  });
});
