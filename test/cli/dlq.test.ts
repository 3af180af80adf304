import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { RedriveExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { registerDlq, restartName } from '../../lib/cli/dlq';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';

const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/etl-dlq';
const letter = (execution: string, taskId: string) => JSON.stringify({
  workflow: 'etl', executionId: `arn:aws:states:eu-west-1:123456789012:execution:etl:${execution}`, taskId, error: 'ValidationError',
  cause: 'bad', input: { input: { date: '2026-11-24' }, results: {} }, timestamp: '2026-11-24T01:00:00Z',
});
const messages = [
  { MessageId: 'm1', ReceiptHandle: 'r1', Body: letter('run-1', 'transform') },
  { MessageId: 'm2', ReceiptHandle: 'r2', Body: letter('run-2', 'load') },
];

async function dlq(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['dlq', ...args], io, [registerDlq]);
  return { code, out: io.out(), err: io.err() };
}

const sequence: string[] = [];

describe('dagstep dlq', () => {
  beforeEach(() => {
    cfn.reset(); sfn.reset(); sqs.reset();
    sequence.length = 0;
    cfn.on(DescribeStacksCommand, { StackName: 'Dagstep-etl' }).resolves({ Stacks: [{ StackName: 'Dagstep-etl', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE',
      Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }, { OutputKey: 'DeadLetterQueueUrl', OutputValue: QUEUE }] }] });
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: messages }).resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).callsFake((i) => { sequence.push(`delete ${i.ReceiptHandle}`); return {}; });
    sfn.on(StartExecutionCommand).callsFake((i) => { sequence.push(`start ${i.name}`); return { executionArn: `${SM}:${i.name}`, startDate: new Date() }; });
    sfn.on(RedriveExecutionCommand).callsFake((i) => { sequence.push(`redrive ${i.executionArn}`); return { redriveDate: new Date() }; });
  });

  test('list shows each dead letter and deletes nothing', async () => {
    const r = await dlq('list', 'etl');
    expect(r.code).toBe(0);
    expect(r.out).toBe([
      'm1  transform  ValidationError  arn:aws:states:eu-west-1:123456789012:execution:etl:run-1  2026-11-24T01:00:00Z',
      'm2  load  ValidationError  arn:aws:states:eu-west-1:123456789012:execution:etl:run-2  2026-11-24T01:00:00Z', ''].join('\n'));
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input).toStrictEqual({ QueueUrl: QUEUE, MaxNumberOfMessages: 10, VisibilityTimeout: 1, WaitTimeSeconds: 0 });
  });

  test('redrive restarts each message with its original input, and deletes it only after the restart was accepted', async () => {
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['start redrive-run-1-transform', 'delete r1', 'start redrive-run-2-load', 'delete r2']);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toStrictEqual({
      stateMachineArn: SM, name: 'redrive-run-1-transform', input: '{"date":"2026-11-24"}',
    });
  });

  test('--message-id redrives only the selected message and makes the others visible again at once', async () => {
    // GIVEN
    sqs.on(ChangeMessageVisibilityCommand).callsFake((i) => { sequence.push(`release ${i.ReceiptHandle}`); return {}; });
    // WHEN
    const r = await dlq('redrive', 'etl', '--message-id', 'm2');
    // THEN
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['release r1', 'start redrive-run-2-load', 'delete r2']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0].args[0].input).toStrictEqual({ QueueUrl: QUEUE, ReceiptHandle: 'r1', VisibilityTimeout: 0 });
  });

  test('a failed restart leaves its message in the queue and exits 1 naming it', async () => {
    // GIVEN the first restart is refused
    sfn.on(StartExecutionCommand, { name: 'redrive-run-1-transform' }).rejects(Object.assign(new Error('quota'), { name: 'ExecutionLimitExceeded' }));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN m1 is not deleted, m2 is (after its restart)
    expect(r.code).toBe(1);
    expect(r.err).toBe('m1: could not restart etl as redrive-run-1-transform with the original input: ExecutionLimitExceeded: quota; the message stays in the queue\n');
    expect(sequence).toStrictEqual(['start redrive-run-2-load', 'delete r2']);
  });

  test('redriving the same message again is idempotent: an existing restart counts as accepted', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' }));
    const r = await dlq('redrive', 'etl', '--message-id', 'm2');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['delete r2']);
  });

  test('--mode redrive redrives the failed execution itself, then deletes', async () => {
    const r = await dlq('redrive', 'etl', '--mode', 'redrive', '--message-id', 'm1');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['redrive arn:aws:states:eu-west-1:123456789012:execution:etl:run-1', 'delete r1']);
  });

  test('--dry-run touches nothing', async () => {
    const r = await dlq('redrive', 'etl', '--dry-run');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([]);
    expect(r.out).toContain('m1: would restart etl as redrive-run-1-transform with the original input');
    expect(sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input.VisibilityTimeout).toBe(0);
  });

  test('a message that is not a dead letter is reported and left alone', async () => {
    sqs.reset();
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [{ MessageId: 'x', ReceiptHandle: 'rx', Body: 'hello' }] }).resolves({ Messages: [] });
    const r = await dlq('redrive', 'etl');
    expect(r.code).toBe(1);
    expect(r.err).toBe('x: not a dagstep dead letter; left in the queue\n');
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  test('a missing stack is a one-line user error', async () => {
    cfn.reset();
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Dagstep-etl does not exist'), { name: 'ValidationError', $metadata: {} }));
    const r = await dlq('list', 'etl');
    expect(r.code).toBe(1);
    expect(r.err).toBe('Dagstep-etl: ValidationError: Stack with id Dagstep-etl does not exist\n');
  });

  test('restart names are deterministic and valid execution names', () => {
    expect(restartName(JSON.parse(letter('run-1', 'transform')))).toBe('redrive-run-1-transform');
  });

  test('long restart names are cut to 80 characters and stay distinct', () => {
    // GIVEN two dead letters whose names differ only after character 80
    const long = 'x'.repeat(70);
    // WHEN
    const a = restartName(JSON.parse(letter(long, 'transform_a')));
    const b = restartName(JSON.parse(letter(long, 'transform_b')));
    // THEN
    expect([a.length, b.length, a === b, a === restartName(JSON.parse(letter(long, 'transform_a')))]).toStrictEqual([80, 80, false, true]);
    expect(a.slice(0, 71)).toBe(`redrive-${long.slice(0, 63)}`);
  });
});
