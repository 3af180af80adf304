import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
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
