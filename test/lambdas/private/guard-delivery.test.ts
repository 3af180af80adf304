import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  CLAIM_SECONDS, deliver, KEPT_INPUT_MAX_CHARS, loadExecution, normaliseHistory,
} from '../../../lambdas/private/guard-delivery';
import type { DeadLetter } from '../../../lib/model/dead-letter';
import { mockedGuardClients } from '../../support/guard-clients';
import { MarkerTable } from '../../support/marker-table';

const { sfn, sqs, ddb, clients, reset } = mockedGuardClients();
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:wf:run-1';
const NOW = Date.UTC(2026, 0, 1, 0, 10);
const at = new Date(NOW);

beforeEach(reset);

describe('normaliseHistory', () => {
  test('names task events after the state they belong to, and keeps what the decision reads', () => {
    // GIVEN a child state's task events, chained by previousEventId
    const raw: HistoryEvent[] = [
      { id: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'dagstep.child.1', input: '{"input":{}}' }, timestamp: at },
      { id: 2, previousEventId: 1, type: 'TaskSubmitted', taskSubmittedEventDetails: { resource: 'r', resourceType: 'states', output: '{"ExecutionArn":"x"}' }, timestamp: at },
      { id: 3, previousEventId: 2, type: 'TaskFailed', taskFailedEventDetails: { resource: 'r', resourceType: 'states', error: 'States.TaskFailed', cause: '{"Status":"FAILED"}' }, timestamp: at },
    ];
    // WHEN / THEN each task event carries the id of its state's StateEntered event
    expect(normaliseHistory(raw)).toStrictEqual([
      { type: 'TaskStateEntered', id: 1, stateName: 'dagstep.child.1', input: '{"input":{}}' },
      { type: 'TaskSubmitted', id: 2, stateName: 'dagstep.child.1', entry: 1, output: '{"ExecutionArn":"x"}' },
      { type: 'TaskFailed', id: 3, stateName: 'dagstep.child.1', entry: 1, error: 'States.TaskFailed', cause: '{"Status":"FAILED"}' },
    ]);
  });

  test('a Distributed Map\'s Map Run events carry its ARN and its failure', () => {
    // GIVEN a Map state whose Map Run started and failed
    const arn = 'arn:aws:states:eu-west-1:1:mapRun:wf/each:0b6b';
    const raw: HistoryEvent[] = [
      { id: 1, type: 'MapStateEntered', stateEnteredEventDetails: { name: 'each' }, timestamp: at },
      { id: 2, previousEventId: 1, type: 'MapStateStarted', mapStateStartedEventDetails: { length: 3 }, timestamp: at },
      { id: 3, previousEventId: 2, type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: arn }, timestamp: at },
      { id: 4, previousEventId: 3, type: 'MapRunFailed', mapRunFailedEventDetails: { error: 'States.ExceedToleratedFailureThreshold', cause: 'over' }, timestamp: at },
    ];
    // WHEN / THEN the Map Run events belong to the Map state's entry
    expect(normaliseHistory(raw).slice(2)).toStrictEqual([
      { type: 'MapRunStarted', id: 3, stateName: 'each', entry: 1, mapRunArn: arn },
      { type: 'MapRunFailed', id: 4, stateName: 'each', entry: 1, error: 'States.ExceedToleratedFailureThreshold', cause: 'over' },
    ]);
  });

  test('interleaved Parallel branches: each task event is attributed through previousEventId, not by order', () => {
    // GIVEN b and c entered together, their events interleaved
    const raw: HistoryEvent[] = [
      { id: 2, type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'dagstep.parallel.1' }, timestamp: at },
      { id: 3, previousEventId: 2, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'b' }, timestamp: at },
      { id: 4, previousEventId: 2, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'c' }, timestamp: at },
      { id: 5, previousEventId: 4, type: 'TaskScheduled', timestamp: at },
      { id: 6, previousEventId: 3, type: 'TaskScheduled', timestamp: at },
      { id: 7, previousEventId: 6, type: 'TaskFailed', taskFailedEventDetails: { resource: 'invoke', resourceType: 'lambda', error: 'E' }, timestamp: at },
      { id: 8, previousEventId: 5, type: 'TaskSucceeded', taskSucceededEventDetails: { resource: 'invoke', resourceType: 'lambda', output: '{"ok":true}' }, timestamp: at },
      { id: 9, previousEventId: 8, type: 'TaskStateExited', stateExitedEventDetails: { name: 'c' }, timestamp: at },
    ];
    // WHEN
    const events = normaliseHistory(raw);
    // THEN
    expect(events.map((e) => [e.id, e.type, e.stateName, e.entry])).toStrictEqual([
      [2, 'ParallelStateEntered', 'dagstep.parallel.1', undefined],
      [3, 'TaskStateEntered', 'b', undefined],
      [4, 'TaskStateEntered', 'c', undefined],
      [5, 'TaskScheduled', 'c', 4],
      [6, 'TaskScheduled', 'b', 3],
      [7, 'TaskFailed', 'b', 3],
      [8, 'TaskSucceeded', 'c', 4],
      [9, 'TaskStateExited', 'c', 4],
    ]);
    expect([events[5].error, events[6].output]).toStrictEqual(['E', '{"ok":true}']);
  });

  test(`drops a state input over KEPT_INPUT_MAX_CHARS (${KEPT_INPUT_MAX_CHARS}) as it reads, and keeps one at the limit`, () => {
    // GIVEN two inputs, one character apart around the limit
    const input = (n: number) => JSON.stringify({ blob: 'x'.repeat(n - 11) });
    expect([input(KEPT_INPUT_MAX_CHARS).length, input(KEPT_INPUT_MAX_CHARS + 1).length]).toStrictEqual([KEPT_INPUT_MAX_CHARS, KEPT_INPUT_MAX_CHARS + 1]);
    const raw: HistoryEvent[] = [
      { id: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'a', input: input(KEPT_INPUT_MAX_CHARS) }, timestamp: at },
      { id: 2, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'b', input: input(KEPT_INPUT_MAX_CHARS + 1) }, timestamp: at },
    ];
    // WHEN
    const [a, b] = normaliseHistory(raw);
    // THEN
    expect([a.input, 'input' in b]).toStrictEqual([input(KEPT_INPUT_MAX_CHARS), false]);
  });
});

describe('loadExecution', () => {
  test('reads the description and every history page with its data; a run never redriven has redriveCount 0', async () => {
    // GIVEN
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'Error', cause: 'boom' });
    sfn.on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: [{ id: 1, type: 'ExecutionStarted', timestamp: at }], nextToken: 't2' })
      .resolvesOnce({ events: [{ id: 2, previousEventId: 1, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Error' }, timestamp: at }] });
    // WHEN
    const exec = await loadExecution(clients.sfn, ARN);
    // THEN
    expect(exec).toStrictEqual({
      executionArn: ARN, status: 'FAILED', error: 'Error', cause: 'boom', redriveCount: 0,
      events: [{ type: 'ExecutionStarted', id: 1 }, { type: 'ExecutionFailed', id: 2, error: 'Error' }],
    });
    expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input.nextToken)).toStrictEqual([undefined, 't2']);
  });
});

describe('deliver', () => {
  const letter = { workflow: 'wf', executionId: ARN, kind: 'execution', error: 'States.Timeout' } as unknown as DeadLetter;
  const owed = { id: `${ARN}#0#execution`, letter };

  test('a claim whose release failed too stays until its lease runs out; then the next attempt sends', async () => {
    // GIVEN SQS failing once, and the release (DeleteItem) failing as well
    const table = new MarkerTable('markers');
    table.install(ddb);
    ddb.on(DeleteItemCommand).rejects(new Error('DynamoDB unavailable'));
    sqs.on(SendMessageCommand).rejectsOnce(new Error('queue unavailable')).resolves({ MessageId: 'm-1' });
    // WHEN the first attempt fails, a second comes within the lease and a third after it
    await expect(deliver(clients, owed, NOW)).rejects.toThrow('queue unavailable');
    await expect(deliver(clients, owed, NOW + 1000)).rejects.toThrow(`dagstep guard: another invocation is sending the dead letter ${owed.id}; retrying later`);
    const third = await deliver(clients, owed, NOW + (CLAIM_SECONDS + 1) * 1000);
    // THEN the error surfaced is the send's (so Lambda retries), and the letter went out once
    expect(third).toBe(true);
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody)).toStrictEqual([JSON.stringify(letter), JSON.stringify(letter)]);
    expect(table.states()).toStrictEqual({ [owed.id]: 'sent' });
  });

  test('a letter already sent is not sent again', async () => {
    // GIVEN
    const table = new MarkerTable('markers');
    table.install(ddb);
    table.items.set(owed.id, { pk: { S: owed.id }, state: { S: 'sent' } });
    // WHEN / THEN
    expect(await deliver(clients, owed, NOW)).toBe(false);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
