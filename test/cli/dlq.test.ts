import { DescribeExecutionCommand, ExecutionStatus, ListStateMachineAliasesCommand, RedriveExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { registerDlq } from '../../lib/cli/dlq';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { redriveToken, restartName } from '../../lib/cli/private/aws/recovery';

const ssm = mockClient(SSMClient);
const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/etl-dlq';
const exec = (name: string) => `arn:aws:states:eu-west-1:123456789012:execution:etl:${name}`;
const CHILD = 'arn:aws:states:eu-west-1:123456789012:execution:etl-part-1:run-1-child-1';
const FAILED_AT = new Date('2026-11-24T01:00:00Z');

/** A dead letter in the CONTRACTS shape. */
const letter = (execution: string, taskId: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  workflow: 'etl', executionId: exec(execution), rootExecutionId: exec(execution), kind: 'task', taskId, stateName: taskId,
  error: 'ValidationError', cause: 'bad', optional: false, input: { input: { date: '2026-11-24' }, results: {} }, truncated: false,
  timestamp: '2026-11-24T01:00:00Z', ...extra,
});
const msg = (id: string, body: string): Message => ({ MessageId: id, ReceiptHandle: `r-${id}`, Body: body });

/** The executions Step Functions knows, and what RedriveExecution does to them. */
interface FakeExecution { status: ExecutionStatus; redriveCount: number; redriveDate?: Date; stopDate?: Date; redriveStatus?: 'REDRIVABLE' | 'NOT_REDRIVABLE'; redriveStatusReason?: string }
let executions: Map<string, FakeExecution>;
const sequence: string[] = [];
const NOW = new Date('2026-11-25T09:00:00Z');

/** What the next ReceiveMessage returns (once; then the queue looks empty to this run). */
let inbox: Message[] = [];
function queue(...messages: Message[]) {
  inbox = messages;
}

async function dlq(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['dlq', ...args, '--region', 'eu-west-1'], io, [registerDlq]);
  return { code, out: io.out(), err: io.err() };
}

describe('dagstep dlq', () => {
  beforeAll(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterAll(() => jest.useRealTimers());
  beforeEach(() => {
    ssm.reset(); sfn.reset(); sqs.reset();
    sequence.length = 0;
    executions = new Map();
    ssm.on(GetParameterCommand, { Name: '/dagstep/etl' }).resolves({ Parameter: { Name: '/dagstep/etl',
      Value: JSON.stringify({ stateMachineArn: SM, deadLetterQueueUrl: QUEUE, region: 'eu-west-1' }) } });
    inbox = [];
    sqs.on(ReceiveMessageCommand).callsFake(() => { const Messages = inbox; inbox = []; return { Messages }; });
    sqs.on(DeleteMessageCommand).callsFake((i) => { sequence.push(`delete ${i.ReceiptHandle}`); return {}; });
    sqs.on(ChangeMessageVisibilityCommand).callsFake((i) => { sequence.push(`release ${i.ReceiptHandle}`); return {}; });
    sfn.on(DescribeExecutionCommand).callsFake((i) => {
      const e = executions.get(i.executionArn);
      if (!e) throw Object.assign(new Error(`Execution Does Not Exist: '${i.executionArn}'`), { name: 'ExecutionDoesNotExist', $metadata: {} });
      return { executionArn: i.executionArn, stateMachineArn: SM, startDate: FAILED_AT, ...e };
    });
    sfn.on(RedriveExecutionCommand).callsFake((i) => {
      sequence.push(`redrive ${i.executionArn}`);
      const e = executions.get(i.executionArn)!;
      Object.assign(e, { status: 'RUNNING', redriveCount: e.redriveCount + 1, redriveDate: new Date(), stopDate: undefined });
      return { redriveDate: new Date() };
    });
    sfn.on(StartExecutionCommand).callsFake((i) => { sequence.push(`start ${i.stateMachineArn} ${i.name}`); return { executionArn: exec(i.name), startDate: new Date() }; });
  });

  test('list shows each dead letter, old and new shape, and deletes nothing', async () => {
    // GIVEN a new-shape letter from a child execution and an old-shape letter (no kind, no rootExecutionId)
    queue(msg('m1', letter('run-1', 'transform', { executionId: CHILD })),
      msg('m2', JSON.stringify({ workflow: 'etl', executionId: exec('run-2'), taskId: 'load', error: 'TransientError', input: { input: {} }, timestamp: '2026-11-24T02:00:00Z' })));
    // WHEN
    const r = await dlq('list', 'etl');
    // THEN each row names the root execution
    expect(r.code).toBe(0);
    expect(r.out).toBe([
      `m1  transform  ValidationError  ${exec('run-1')}  2026-11-24T01:00:00Z  redrive`,
      `m2  load  TransientError  ${exec('run-2')}  2026-11-24T02:00:00Z  redrive`, ''].join('\n'));
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input).toStrictEqual({ QueueUrl: QUEUE, MaxNumberOfMessages: 10, VisibilityTimeout: 1,
      WaitTimeSeconds: 0 });
  });

  test('two letters of one failed execution: ONE RedriveExecution of it, then both letters deleted', async () => {
    // GIVEN
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT, redriveStatus: 'REDRIVABLE' });
    queue(msg('m1', letter('run-1', 'transform')), msg('m2', letter('run-1', 'load')));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([`redrive ${exec('run-1')}`, 'delete r-m1', 'delete r-m2']);
    expect(sfn.commandCalls(RedriveExecutionCommand)[0].args[0].input).toStrictEqual({ executionArn: exec('run-1'), clientToken: redriveToken(exec('run-1'), 0) });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(r.out).toBe([
      `run-1: FAILED; redrive accepted for ${exec('run-1')} (tasks that succeeded are not run again)`,
      '  m1: task transform (ValidationError): deleted',
      '  m2: task load (ValidationError): deleted',
      '1 execution: 1 redriven; 2 letters deleted, 0 left in the queue', ''].join('\n'));
  });

  test('a FAILED execution with an optional task\'s and a tolerated map\'s letters: ONE redrive, and only the required task\'s letter is deleted', async () => {
    // GIVEN the execution failed at transform after notify (optional) failed and fan_out tolerated an item
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT, redriveStatus: 'REDRIVABLE' });
    queue(msg('m1', letter('run-1', 'transform')), msg('m2', letter('run-1', 'notify', { optional: true })),
      msg('m3', letter('run-1', 'fan_out', { kind: 'map-items', failedItems: [3], error: 'dagstep.MapItemsFailed' })));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN the redrive re-runs transform only: the other two letters stay, visible again
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([`redrive ${exec('run-1')}`, 'release r-m2', 'release r-m3', 'delete r-m1']);
    expect(r.out).toContain('2 letters of work a redrive does not re-run stay (--delete-succeeded discards them)');
    // WHEN run again: the redrive is seen (redriveDate), nothing is called, the two letters still stay
    queue(msg('m2', letter('run-1', 'notify', { optional: true, timestamp: '2026-11-25T10:00:00Z' })));
    sequence.length = 0;
    await dlq('redrive', 'etl');
    expect(sequence).toStrictEqual(['release r-m2']);
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(1);
  });

  test('dlq list marks the letters no redrive re-runs', async () => {
    // GIVEN / WHEN
    queue(msg('m1', letter('run-1', 'notify', { optional: true })), msg('m2', letter('run-1', 'x', { taskId: null, stateName: 'dagstep.child.1' })));
    const r = await dlq('list', 'etl');
    // THEN
    expect(r.out).toBe([
      `m1  notify (optional)  ValidationError  ${exec('run-1')}  2026-11-24T01:00:00Z  not recoverable by redrive`,
      `m2  dagstep.child.1  ValidationError  ${exec('run-1')}  2026-11-24T01:00:00Z  redrive`, ''].join('\n'));
  });

  test('a letter of a child execution redrives the ROOT, never the child', async () => {
    // GIVEN
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    executions.set(CHILD, { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m1', letter('run-1', 'transform', { executionId: CHILD })));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([`redrive ${exec('run-1')}`, 'delete r-m1']);
    expect(sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input.executionArn)).toStrictEqual([exec('run-1')]);
  });

  test('an optional task\'s letter of a SUCCEEDED execution is reported, never re-run, and stays unless --delete-succeeded', async () => {
    // GIVEN
    executions.set(exec('run-1'), { status: 'SUCCEEDED', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m1', letter('run-1', 'notify', { optional: true })));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['release r-m1']);
    expect(r.out).toContain('run-1: the execution SUCCEEDED; the workflow is not re-run (delete these letters with --delete-succeeded)\n  m1: optional task notify (ValidationError): stays in the queue\n');
    // WHEN asked to delete them
    sequence.length = 0;
    queue(msg('m1', letter('run-1', 'notify', { optional: true })));
    const again = await dlq('redrive', 'etl', '--delete-succeeded');
    // THEN still nothing is started or redriven
    expect(again.code).toBe(0);
    expect(sequence).toStrictEqual(['delete r-m1']);
  });

  test('a run skipped by the concurrency limit (it ran nothing) is started once with its input, on the live alias', async () => {
    // GIVEN the gate's letter: kind execution, the execution SUCCEEDED at the skip state
    executions.set(exec('run-1'), { status: 'SUCCEEDED', redriveCount: 0, stopDate: FAILED_AT });
    sfn.on(ListStateMachineAliasesCommand).resolves({ stateMachineAliases: [{ stateMachineAliasArn: `${SM}:live`, creationDate: FAILED_AT }] });
    const skipped = letter('run-1', '', { kind: 'execution', taskId: null, stateName: null, error: 'Dagstep.RunSkipped', input: { input: { date: '2026-11-24' }, results: null } });
    queue(msg('m1', skipped));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([`start ${SM}:live restart-run-1`, 'delete r-m1']);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input).toBe('{"date":"2026-11-24"}');
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
    // WHEN run again after the delete failed (the letter is back): the existing run counts, nothing new starts
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Execution Already Exists'), { name: 'ExecutionAlreadyExists', $metadata: {} }));
    queue(msg('m1', skipped));
    sequence.length = 0;
    expect((await dlq('redrive', 'etl')).code).toBe(0);
    expect(sequence).toStrictEqual(['delete r-m1']);
  });

  test('re-running dlq redrive after a failed delete is a no-op: the redrive is seen in DescribeExecution and not called again', async () => {
    // GIVEN the first run redrives, but both deletes fail
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m1', letter('run-1', 'transform')), msg('m2', letter('run-1', 'load')));
    sqs.on(DeleteMessageCommand).rejects(Object.assign(new Error('Access to the resource is denied'), { name: 'AccessDenied', $metadata: {} }));
    const first = await dlq('redrive', 'etl');
    expect(first.code).toBe(1);
    expect(sequence).toStrictEqual([`redrive ${exec('run-1')}`]);
    // WHEN the operator runs it again (the letters are back in the queue; the execution is RUNNING again)
    sqs.on(DeleteMessageCommand).callsFake((i) => { sequence.push(`delete ${i.ReceiptHandle}`); return {}; });
    queue(msg('m1', letter('run-1', 'transform')), msg('m2', letter('run-1', 'load')));
    sequence.length = 0;
    const second = await dlq('redrive', 'etl');
    // THEN no second redrive: the letters are deleted
    expect(second.code).toBe(0);
    expect(sequence).toStrictEqual(['delete r-m1', 'delete r-m2']);
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(1);
    expect(second.out).toContain(`run-1: already redriven at ${NOW.toISOString()} (now RUNNING); nothing to call`);
  });

  test('a failed delete is reported for that message, the rest of the batch goes on, exit 1', async () => {
    // GIVEN two failed executions; deleting m1 fails
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    executions.set(exec('run-2'), { status: 'TIMED_OUT', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m1', letter('run-1', 'transform')), msg('m2', letter('run-2', 'load')));
    sqs.on(DeleteMessageCommand, { ReceiptHandle: 'r-m1' }).rejects(Object.assign(new Error('Access to the resource is denied'), { name: 'AccessDenied', $metadata: {} }));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(1);
    expect(sequence).toStrictEqual([`redrive ${exec('run-1')}`, `redrive ${exec('run-2')}`, 'delete r-m2']);
    expect(r.err).toBe('m1: recovered, but DeleteMessage failed: AccessDenied: Access to the resource is denied (needs the IAM action sqs:DeleteMessage). '
      + 'It reappears in the queue within 300 s; running `dagstep dlq redrive` again deletes it without re-running anything\n');
    expect(r.err).not.toContain('internal error');
    expect(r.out).toContain('2 executions: 2 redriven; 1 letter deleted, 1 left in the queue');
  });

  test('a root that is not redrivable keeps its letters and says why', async () => {
    // GIVEN
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution was started before the launch of RedriveExecution' });
    queue(msg('m1', letter('run-1', 'transform')));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(1);
    expect(sequence).toStrictEqual(['release r-m1']);
    expect(r.err).toBe('run-1: FAILED and not redrivable: Execution was started before the launch of RedriveExecution; its letters stay in the queue (use --mode restart to start it anew)\n');
  });

  test('a root that stopped more than 14 days ago is not redriven; its letters stay', async () => {
    // GIVEN
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: new Date('2026-11-10T08:00:00Z') });
    queue(msg('m1', letter('run-1', 'transform')));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(1);
    expect(sequence).toStrictEqual(['release r-m1']);
    expect(r.err).toBe('run-1: FAILED at 2026-11-10T08:00:00.000Z, more than 14 days ago: Step Functions can no longer redrive it; its letters stay in the queue (use --mode restart to start it anew)\n');
  });

  test('a refused RedriveExecution keeps the letters and exits 1', async () => {
    // GIVEN
    executions.set(exec('run-1'), { status: 'ABORTED', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m1', letter('run-1', 'transform')));
    sfn.on(RedriveExecutionCommand).rejects(Object.assign(new Error('Execution cannot be redriven'), { name: 'ExecutionNotRedrivable', $metadata: {} }));
    // WHEN
    const r = await dlq('redrive', 'etl');
    // THEN
    expect(r.code).toBe(1);
    expect(sequence).toStrictEqual(['release r-m1']);
    expect(r.err).toBe(`${exec('run-1')}: could not recover: ${exec('run-1')}: ExecutionNotRedrivable: Execution cannot be redriven; its letters stay in the queue\n`);
  });

  test('an execution still RUNNING keeps its letters until it ends', async () => {
    executions.set(exec('run-1'), { status: 'RUNNING', redriveCount: 0 });
    queue(msg('m1', letter('run-1', 'notify', { optional: true })));
    const r = await dlq('redrive', 'etl');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['release r-m1']);
    expect(r.out).toContain('run-1: the execution is still RUNNING; its letters stay until it ends (run dlq redrive again then)');
  });

  test('an old-shape letter (no rootExecutionId) recovers its own execution', async () => {
    executions.set(exec('run-2'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m2', JSON.stringify({ workflow: 'etl', executionId: exec('run-2'), taskId: 'load', error: 'E', input: { input: {} }, timestamp: '2026-11-24T02:00:00Z' })));
    const r = await dlq('redrive', 'etl');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([`redrive ${exec('run-2')}`, 'delete r-m2']);
  });

  test('--message-id recovers only the selected message and makes the others visible again at once', async () => {
    executions.set(exec('run-2'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m1', letter('run-1', 'transform')), msg('m2', letter('run-2', 'load')));
    const r = await dlq('redrive', 'etl', '--message-id', 'm2');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['release r-m1', `redrive ${exec('run-2')}`, 'delete r-m2']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0].args[0].input).toStrictEqual({ QueueUrl: QUEUE, ReceiptHandle: 'r-m1', VisibilityTimeout: 0 });
  });

  test('--dry-run describes the plan and redrives, starts and deletes nothing', async () => {
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    queue(msg('m1', letter('run-1', 'transform')));
    const r = await dlq('redrive', 'etl', '--dry-run');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([]);
    expect(r.out).toContain(`[dry run] run-1: FAILED; would redrive ${exec('run-1')}`);
    expect(r.out).toContain('  m1: task transform (ValidationError): would be deleted');
    expect(sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input.VisibilityTimeout).toBe(0);
  });

  test('--mode restart starts ONE new execution per failed root, on the live alias, with a deterministic name', async () => {
    // GIVEN two letters of one execution and a workflow with a live alias
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    sfn.on(ListStateMachineAliasesCommand).resolves({ stateMachineAliases: [{ stateMachineAliasArn: `${SM}:live`, creationDate: FAILED_AT }] });
    queue(msg('m1', letter('run-1', 'transform')), msg('m2', letter('run-1', 'load')));
    // WHEN
    const r = await dlq('redrive', 'etl', '--mode', 'restart');
    // THEN
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual([`start ${SM}:live restart-run-1`, 'delete r-m1', 'delete r-m2']);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input).toBe('{"date":"2026-11-24"}');
  });

  test('--mode restart counts an existing restart (same name) as accepted', async () => {
    executions.set(exec('run-1'), { status: 'FAILED', redriveCount: 0, stopDate: FAILED_AT });
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Execution Already Exists'), { name: 'ExecutionAlreadyExists', $metadata: {} }));
    queue(msg('m1', letter('run-1', 'transform')));
    const r = await dlq('redrive', 'etl', '--mode', 'restart');
    expect(r.code).toBe(0);
    expect(sequence).toStrictEqual(['delete r-m1']);
  });

  test('a message that is not a dead letter, or names no valid execution, is reported and left alone', async () => {
    queue(msg('x', 'hello'), msg('y', letter('run-1', 't', { rootExecutionId: 'run-1' })));
    const r = await dlq('redrive', 'etl');
    expect(r.code).toBe(1);
    expect(r.err).toBe('x: not a dagstep dead letter; left in the queue\n'
      + 'y: rootExecutionId: expected an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>), received "run-1"; left in the queue\n');
    expect(sequence).toStrictEqual(['release r-x', 'release r-y']);
  });

  test('a denied DescribeExecution stops with one screen naming the IAM action, and releases the letters', async () => {
    queue(msg('m1', letter('run-1', 'transform')));
    sfn.on(DescribeExecutionCommand).rejects(Object.assign(new Error('User is not authorized to perform: states:DescribeExecution'), { name: 'AccessDeniedException', $metadata: {} }));
    const r = await dlq('redrive', 'etl');
    expect(r.code).toBe(1);
    expect(r.err).toBe([
      `${exec('run-1')}: permission denied (AccessDeniedException): User is not authorized to perform: states:DescribeExecution`,
      `  The identity you run dagstep with needs the IAM action states:DescribeExecution on ${exec('run-1')}.`,
      '  Grant it, or pass --profile <name> / set AWS_PROFILE to a role that has it.', ''].join('\n'));
    expect(sequence).toStrictEqual(['release r-m1']);
  });

  test('restart names are deterministic, valid and at most 80 characters', () => {
    expect(restartName(exec('run-1'))).toBe('restart-run-1');
    const long = restartName(exec('x'.repeat(80)));
    expect([long.length, long === restartName(exec('x'.repeat(80))), long === restartName(exec(`${'x'.repeat(79)}y`))]).toStrictEqual([80, true, false]);
  });
});
