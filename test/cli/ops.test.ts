import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { formatHistory, registerHistory } from '../../lib/cli/history';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerStart } from '../../lib/cli/start';
import { watchExecution } from '../../lib/cli/watch';

const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-1';
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 1, 0, s));
const EVENTS = [
  { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
  { id: 2, previousEventId: 1, type: 'TaskStateEntered', timestamp: at(1), stateEnteredEventDetails: { name: 'extract' } },
  { id: 3, previousEventId: 2, type: 'TaskFailed', timestamp: at(3), taskFailedEventDetails: { error: 'TransientError', resource: 'x', resourceType: 'lambda' } },
  { id: 4, previousEventId: 3, type: 'TaskSucceeded', timestamp: at(6), taskSucceededEventDetails: { resource: 'x', resourceType: 'lambda' } },
] as unknown as HistoryEvent[];

describe('operating a deployed workflow', () => {
  beforeEach(() => {
    cfn.reset(); sfn.reset();
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Dagstep-etl', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE',
      Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }, { OutputKey: 'DeadLetterQueueUrl', OutputValue: 'https://q' }] }] });
  });

  test('start resolves the stack by name and starts an execution with the input file', async () => {
    // GIVEN
    const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-')), 'in.json');
    fs.writeFileSync(input, '{"date":"2026-11-24"}');
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: at(0) });
    // WHEN
    const io = captureIO();
    const code = await runCli(['start', 'etl', '--input', input, '--name', 'run-1'], io, [registerStart]);
    // THEN
    expect(code).toBe(0);
    expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toStrictEqual({ StackName: 'Dagstep-etl' });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toStrictEqual({ stateMachineArn: SM, input: '{"date":"2026-11-24"}', name: 'run-1' });
    expect(io.out().split('\n')[0]).toBe(EXEC);
  });

  test('start with a missing input file is a user error naming the file', async () => {
    const io = captureIO();
    expect(await runCli(['start', 'etl', '--input', '/nope/in.json'], io, [registerStart])).toBe(1);
    expect(io.err()).toBe('/nope/in.json: cannot read the input file\n');
  });

  test('history follows every page and prints one row per event, naming the state of task events', async () => {
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: undefined }).resolves({ events: EVENTS.slice(0, 2), nextToken: 'p2' });
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: 'p2' }).resolves({ events: EVENTS.slice(2) });
    const io = captureIO();
    expect(await runCli(['history', EXEC], io, [registerHistory])).toBe(0);
    expect(io.out()).toBe(formatHistory(EVENTS));
    expect(io.out().split('\n')[3]).toBe('3   2026-11-24T01:00:03.000Z  TaskFailed        extract  TransientError');
  });

  test('watch prints only new events on each poll and exits with the execution outcome', async () => {
    // GIVEN two polls: the first sees the start, the second the rest
    sfn.on(GetExecutionHistoryCommand).resolvesOnce({ events: EVENTS.slice(0, 2) }).resolves({ events: EVENTS });
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
});
