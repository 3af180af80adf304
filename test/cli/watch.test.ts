import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerWatch, watchExecution } from '../../lib/cli/watch';

const sfn = mockClient(SFNClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-2';
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 1, 0, s));
const EVENTS = [
  { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
  { id: 2, previousEventId: 1, type: 'TaskStateEntered', timestamp: at(1), stateEnteredEventDetails: { name: 'load' } },
  { id: 3, previousEventId: 2, type: 'TaskSucceeded', timestamp: at(4), taskSucceededEventDetails: { resource: 'x', resourceType: 'lambda' } },
  { id: 4, previousEventId: 3, type: 'TaskStateExited', timestamp: at(4), stateExitedEventDetails: { name: 'load' } },
  { id: 5, previousEventId: 4, type: 'ExecutionSucceeded', timestamp: at(5) },
] as unknown as HistoryEvent[];

/** A task that failed once (TransientError) and then succeeded. */
const RETRIED = [
  { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
  { id: 2, previousEventId: 1, type: 'TaskStateEntered', timestamp: at(1), stateEnteredEventDetails: { name: 'extract' } },
  { id: 3, previousEventId: 2, type: 'TaskFailed', timestamp: at(3), taskFailedEventDetails: { error: 'TransientError', resource: 'x', resourceType: 'lambda' } },
  { id: 4, previousEventId: 3, type: 'TaskSucceeded', timestamp: at(6), taskSucceededEventDetails: { resource: 'x', resourceType: 'lambda' } },
] as unknown as HistoryEvent[];

describe('watchExecution', () => {
  beforeEach(() => sfn.reset());

  test('a SUCCEEDED execution exits 0 after following every history page of one poll', async () => {
    // GIVEN one poll whose history spans two pages, and an execution that has already ended
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: undefined }).resolves({ events: EVENTS.slice(0, 3), nextToken: 't2' });
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: 't2' }).resolves({ events: EVENTS.slice(3) });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', executionArn: EXEC, stateMachineArn: SM, startDate: at(0) });
    const io = captureIO();
    const sleeps: number[] = [];
    // WHEN
    const code = await watchExecution(new SFNClient({ region: 'eu-west-1' }), EXEC, io, async (ms) => { sleeps.push(ms); }, 1000);
    // THEN
    expect(code).toBe(0);
    expect(sleeps).toStrictEqual([]);
    expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input)).toStrictEqual([
      { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: undefined },
      { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: 't2' },
    ]);
    expect(io.out()).toBe(['+1.0s  load  started', '+4.0s  load  succeeded', 'SUCCEEDED', ''].join('\n'));
  });

  test('an execution that keeps RUNNING is polled at the interval and an ABORTED end exits 1', async () => {
    // GIVEN three polls: nothing new on the second
    sfn.on(GetExecutionHistoryCommand).resolvesOnce({ events: EVENTS.slice(0, 2) }).resolvesOnce({ events: EVENTS.slice(0,
      2) }).resolves({ events: EVENTS.slice(0, 2) });
    sfn.on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: SM, startDate: at(0) })
      .resolvesOnce({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: SM, startDate: at(0) })
      .resolves({ status: 'ABORTED', executionArn: EXEC, stateMachineArn: SM, startDate: at(0) });
    const io = captureIO();
    const sleeps: number[] = [];
    // WHEN
    const code = await watchExecution(new SFNClient({ region: 'eu-west-1' }), EXEC, io, async (ms) => { sleeps.push(ms); }, 5000);
    // THEN the task line is printed once, not once per poll
    expect(code).toBe(1);
    expect(sleeps).toStrictEqual([5000, 5000]);
    expect(io.out()).toBe(['+1.0s  load  started', 'ABORTED', ''].join('\n'));
  });

  test('watch prints only new events on each poll and exits with the execution outcome', async () => {
    // GIVEN two polls: the first sees the start, the second the rest
    sfn.on(GetExecutionHistoryCommand).resolvesOnce({ events: RETRIED.slice(0, 2) }).resolves({ events: RETRIED });
    sfn.on(DescribeExecutionCommand).resolvesOnce({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: SM, startDate: at(0) })
      .resolves({ status: 'FAILED', error: 'ValidationError', cause: 'bad date', executionArn: EXEC, stateMachineArn: SM, startDate: at(0) });
    const io = captureIO();
    const sleeps: number[] = [];
    // WHEN
    const code = await watchExecution(new SFNClient({ region: 'eu-west-1' }), EXEC, io, async (ms) => { sleeps.push(ms); }, 2000);
    // THEN
    expect(code).toBe(1);
    expect(sleeps).toStrictEqual([2000]);
    expect(io.out()).toBe([
      '+1.0s  extract  started', '+3.0s  extract  failed (TransientError, attempt 1)', '+6.0s  extract  succeeded',
      'FAILED: ValidationError — bad date', ''].join('\n'));
  });

  test('watch rejects an invalid execution ARN before any call', async () => {
    const io = captureIO();
    expect(await runCli(['watch', 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl'], io, [registerWatch])).toBe(1);
    expect(io.err()).toBe('executionArn: expected an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>), received "arn:aws:states:eu-west-1:123456789012:stateMachine:etl"\n');
    expect(sfn.calls()).toHaveLength(0);
  });
});
