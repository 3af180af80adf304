import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { formatHistory, registerHistory } from '../../lib/cli/history';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { useFixtureAwsProfiles } from '../support/aws-profiles';

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

describe('dagstep history', () => {
  useFixtureAwsProfiles();
  beforeEach(() => {
    cfn.reset(); sfn.reset();
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Dagstep-etl', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE',
      Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }, { OutputKey: 'DeadLetterQueueUrl', OutputValue: 'https://q' }] }] });
  });

  test('history follows every page and prints one row per event, naming the state of task events', async () => {
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: undefined }).resolves({ events: EVENTS.slice(0, 2), nextToken: 'p2' });
    sfn.on(GetExecutionHistoryCommand, { executionArn: EXEC, maxResults: 1000, reverseOrder: false, nextToken: 'p2' }).resolves({ events: EVENTS.slice(2) });
    const io = captureIO();
    expect(await runCli(['history', EXEC], io, [registerHistory])).toBe(0);
    expect(io.out()).toBe(formatHistory(EVENTS));
    expect(io.out().split('\n')[3]).toBe('3   2026-11-24T01:00:03.000Z  TaskFailed        extract  TransientError');
  });

  test('an invalid execution ARN is rejected before any call, with expected vs received', async () => {
    const io = captureIO();
    expect(await runCli(['history', 'run-1'], io, [registerHistory])).toBe(1);
    expect(io.err()).toBe('executionArn: expected an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>), received "run-1"\n');
    expect(sfn.calls()).toHaveLength(0);
  });

  test('--region and --profile configure the client; the region defaults to the ARN\'s', async () => {
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
    await runCli(['history', EXEC, '--profile', 'ops'], captureIO(), [registerHistory]);
    await runCli(['history', EXEC, '--region', 'us-east-1'], captureIO(), [registerHistory]);
    const clients = sfn.calls().map((c) => c.thisValue as SFNClient);
    expect([await clients[0].config.region(), clients[0].config.profile, await clients[1].config.region()]).toStrictEqual(['eu-west-1', 'ops', 'us-east-1']);
  });

  test('a denied GetExecutionHistory names the IAM action, no stack trace', async () => {
    sfn.on(GetExecutionHistoryCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: {} }));
    const io = captureIO();
    expect(await runCli(['history', EXEC], io, [registerHistory])).toBe(1);
    expect(io.err()).toContain(`needs the IAM action states:GetExecutionHistory on ${EXEC}.`);
    expect(io.err()).not.toContain('internal error');
  });
});
