import * as fs from 'fs';
import * as path from 'path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachineAliasesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { backfill, executionArnOf, gateOutcome, parseInterval, parseSlotDate, registerBackfill, runningExecutions, slotExecutionName, slotsBetween } from '../../lib/cli/backfill';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { tempDir } from '../support/temp';

const sfn = mockClient(SFNClient);
const ssm = mockClient(SSMClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/etl-dlq';
const day = (d: number) => new Date(Date.UTC(2026, 10, d));

/**
 * A fake Step Functions on a virtual clock: an execution runs `durationMs` (or fails when its
 * logicalDate is in `failing`); a name is used once (same name and input while RUNNING returns the
 * running execution, like AWS; otherwise ExecutionAlreadyExists).
 */
class FakeStepFunctions {
  now = 0;
  maxRunning = 0;
  readonly executions = new Map<string, { input: string; startedAt: number; fails: boolean }>();
  constructor(private readonly durationMs: number, private readonly failing: readonly string[] = []) {}
  status(arn: string): string {
    const e = this.executions.get(arn)!;
    if (this.now - e.startedAt < this.durationMs) return 'RUNNING';
    return e.fails ? 'FAILED' : 'SUCCEEDED';
  }
  running(): number {
    return [...this.executions.keys()].filter((a) => this.status(a) === 'RUNNING').length;
  }
  install(): void {
    sfn.on(StartExecutionCommand).callsFake((i) => {
      const arn = executionArnOf(SM, i.name);
      const existing = this.executions.get(arn);
      if (existing) {
        if (existing.input === i.input && this.status(arn) === 'RUNNING') return { executionArn: arn, startDate: new Date(existing.startedAt) };
        throw Object.assign(new Error('Execution Already Exists'), { name: 'ExecutionAlreadyExists', $metadata: {} });
      }
      this.executions.set(arn, { input: i.input, startedAt: this.now, fails: this.failing.includes(JSON.parse(i.input).logicalDate) });
      this.maxRunning = Math.max(this.maxRunning, this.running());
      return { executionArn: arn, startDate: new Date(this.now) };
    });
    sfn.on(ListExecutionsCommand).callsFake((i) => {
      expect(i).toStrictEqual({ stateMachineArn: SM, statusFilter: 'RUNNING', maxResults: 100, nextToken: undefined });
      const arns = [...this.executions.keys()].filter((a) => this.status(a) === 'RUNNING');
      return { executions: arns.map((executionArn) => ({ executionArn, stateMachineArn: SM, name: executionArn.split(':').pop(), status: 'RUNNING', startDate: new Date(0) })) };
    });
    sfn.on(DescribeExecutionCommand).callsFake((i) => {
      const s = this.status(i.executionArn);
      return { executionArn: i.executionArn, stateMachineArn: SM, status: s, startDate: new Date(0), ...(s === 'FAILED' ? { error: 'ValidationError' } : {}) };
    });
  }
  sleep = async (ms: number): Promise<void> => { this.now += ms; };
}

describe('backfill slots', () => {
  test('rates like EventBridge: "1 day", "6 hours", "15 minutes", "rate(1 hour)"', () => {
    expect(['1 day', '6 hours', '15 minutes', 'rate(1 hour)', '2 Days'].map(parseInterval)).toStrictEqual([86_400_000, 21_600_000, 900_000, 3_600_000, 172_800_000]);
  });

  test.each(['daily', '0 days', '1.5 hours', '1 week'])('--every %j is a user error with expected vs received', (text) => {
    expect(() => parseInterval(text)).toThrow(`--every: expected a rate like "1 day", "6 hours" or "15 minutes" (a positive whole number, then minute(s), hour(s) or day(s)), received "${text}"`);
  });

  test('dates are UTC unless an offset is given', () => {
    expect([parseSlotDate('2026-11-01', '--from'), parseSlotDate('2026-11-01T06:30', '--from'), parseSlotDate('2026-11-01T06:30:00+02:00', '--from')].map((d) => d.toISOString()))
      .toStrictEqual(['2026-11-01T00:00:00.000Z', '2026-11-01T06:30:00.000Z', '2026-11-01T04:30:00.000Z']);
    expect(() => parseSlotDate('11/01/2026', '--to')).toThrow('--to: expected a date like 2026-11-01 or 2026-11-01T06:00 (UTC unless an offset is given), received "11/01/2026"');
  });

  test('slots run from --from to --to inclusive; --to before --from is an error', () => {
    expect(slotsBetween(day(1), day(3), 86_400_000)).toStrictEqual([day(1), day(2), day(3)]);
    expect(slotsBetween(day(1), new Date(Date.UTC(2026, 10, 1, 13)), 6 * 3_600_000)).toHaveLength(3);
    expect(() => slotsBetween(day(3), day(1), 86_400_000)).toThrow('--to: expected a date at or after --from 2026-11-03T00:00:00Z, received 2026-11-01T00:00:00Z');
  });

  test('execution names are deterministic, valid and at most 80 characters', () => {
    expect(slotExecutionName('etl', day(1))).toBe('etl-20261101T000000Z');
    const long = slotExecutionName('w'.repeat(80), day(1));
    expect([long.length, /^[A-Za-z0-9_-]+$/.test(long), long === slotExecutionName('w'.repeat(80), day(1)), long === slotExecutionName(`${'w'.repeat(79)}x`, day(1))])
      .toStrictEqual([80, true, true, false]);
  });

  test('an execution started through an alias is named after the state machine', () => {
    expect(executionArnOf(`${SM}:live`, 'etl-20261101T000000Z')).toBe('arn:aws:states:eu-west-1:123456789012:execution:etl:etl-20261101T000000Z');
  });
});

describe('backfill', () => {
  beforeEach(() => { sfn.reset(); ssm.reset(); });
  const opts = (fake: FakeStepFunctions, slots: Date[], maxConcurrent: number) => ({
    workflow: 'etl', slots, input: { region: 'eu' }, maxConcurrent, target: `${SM}:live`, stateMachineArn: SM, pollMs: 10_000, sleep: fake.sleep,
  });

  test('one execution per slot with logicalDate, never more than --max-concurrent at once, and a summary', async () => {
    // GIVEN five daily slots, executions taking 25 s, two at a time
    const fake = new FakeStepFunctions(25_000);
    fake.install();
    const io = captureIO();
    // WHEN
    const code = await backfill(new SFNClient({ region: 'eu-west-1' }), io, opts(fake, slotsBetween(day(1), day(5), 86_400_000), 2));
    // THEN
    expect(code).toBe(0);
    expect(fake.maxRunning).toBe(2);
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toStrictEqual([1, 2, 3, 4, 5].map((d) => ({
      stateMachineArn: `${SM}:live`, name: `etl-202611${String(d).padStart(2, '0')}T000000Z`, input: JSON.stringify({ region: 'eu', logicalDate: `2026-11-0${d}T00:00:00Z` }),
    })));
    expect(io.out().split('\n').slice(0, 4)).toStrictEqual([
      '[0/5] 2026-11-01T00:00:00Z  started etl-20261101T000000Z',
      '[0/5] 2026-11-02T00:00:00Z  started etl-20261102T000000Z',
      '[1/5] 2026-11-01T00:00:00Z  SUCCEEDED',
      '[2/5] 2026-11-02T00:00:00Z  SUCCEEDED',
    ]);
    expect(io.out()).toContain('backfill etl: 5 slots: 5 succeeded, 0 failed, 0 skipped (already run)\n');
  });

  test('a repeated backfill is a no-op for slots already run, and follows slots still running', async () => {
    // GIVEN a first backfill of three slots ran; a fourth slot was started and is still running
    const fake = new FakeStepFunctions(25_000);
    fake.install();
    await backfill(new SFNClient({ region: 'eu-west-1' }), captureIO(), opts(fake, slotsBetween(day(1), day(3), 86_400_000), 3));
    fake.executions.set(executionArnOf(SM, 'etl-20261104T000000Z'), { input: JSON.stringify({ region: 'eu', logicalDate: '2026-11-04T00:00:00Z' }), startedAt: fake.now, fails: false });
    const started = fake.executions.size;
    // WHEN the same range plus the running slot is backfilled again
    const io = captureIO();
    const code = await backfill(new SFNClient({ region: 'eu-west-1' }), io, opts(fake, slotsBetween(day(1), day(4), 86_400_000), 4));
    // THEN nothing new starts; ended slots are skipped, the running one is followed to its end
    expect(code).toBe(0);
    expect(fake.executions.size).toBe(started);
    expect(io.out()).toContain('[1/4] 2026-11-01T00:00:00Z  already run as etl-20261101T000000Z: SUCCEEDED\n');
    expect(io.out()).toContain('backfill etl: 4 slots: 1 succeeded, 0 failed, 3 skipped (already run)\n');
  });

  test('a slot already running (started with another input) is followed to its end, not started again', async () => {
    // GIVEN
    const fake = new FakeStepFunctions(15_000);
    fake.install();
    fake.executions.set(executionArnOf(SM, 'etl-20261101T000000Z'), { input: '{"logicalDate":"2026-11-01T00:00:00Z"}', startedAt: 0, fails: false });
    const io = captureIO();
    // WHEN
    const code = await backfill(new SFNClient({ region: 'eu-west-1' }), io, opts(fake, [day(1)], 1));
    // THEN
    expect(code).toBe(0);
    expect(io.out()).toBe(['[0/1] 2026-11-01T00:00:00Z  already running as etl-20261101T000000Z; following it',
      '[1/1] 2026-11-01T00:00:00Z  SUCCEEDED', 'backfill etl: 1 slot: 1 succeeded, 0 failed, 0 skipped (already run)', ''].join('\n'));
    expect(fake.executions.size).toBe(1);
  });

  test('a failed slot is reported, the others go on, exit 1', async () => {
    const fake = new FakeStepFunctions(5_000, ['2026-11-02T00:00:00Z']);
    fake.install();
    const io = captureIO();
    const code = await backfill(new SFNClient({ region: 'eu-west-1' }), io, opts(fake, slotsBetween(day(1), day(3), 86_400_000), 1));
    expect(code).toBe(1);
    expect(io.err()).toBe('[2/3] 2026-11-02T00:00:00Z  FAILED: ValidationError\n');
    expect(io.out()).toContain('backfill etl: 3 slots: 2 succeeded, 1 failed, 0 skipped (already run)\n');
  });

  test('a refused start (not a repeat) fails only that slot', async () => {
    const fake = new FakeStepFunctions(0);
    fake.install();
    sfn.on(StartExecutionCommand, { name: 'etl-20261101T000000Z' }).rejects(Object.assign(new Error('too many'), { name: 'ExecutionLimitExceeded', $metadata: {} }));
    const io = captureIO();
    const code = await backfill(new SFNClient({ region: 'eu-west-1' }), io, opts(fake, slotsBetween(day(1), day(2), 86_400_000), 1));
    expect(code).toBe(1);
    expect(io.err()).toBe(`[1/2] 2026-11-01T00:00:00Z  could not start etl-20261101T000000Z: ${SM}:live: ExecutionLimitExceeded: too many\n`);
    expect(io.out()).toContain('1 succeeded, 1 failed');
  });
});

describe('dagstep backfill', () => {
  beforeEach(() => { sfn.reset(); ssm.reset(); });

  test('--dry-run lists slots, names and inputs without any AWS call', async () => {
    // GIVEN
    const input = path.join(tempDir('dagstep-'), 'in.json');
    fs.writeFileSync(input, '{"region":"eu"}');
    const io = captureIO();
    // WHEN
    const code = await runCli(['backfill', 'etl', '--from', '2026-11-01', '--to', '2026-11-01T12:00', '--every', '6 hours', '--input', input, '--dry-run'], io, [registerBackfill]);
    // THEN
    expect(code).toBe(0);
    expect(io.out()).toBe([
      '2026-11-01T00:00:00Z  etl-20261101T000000Z  {"region":"eu","logicalDate":"2026-11-01T00:00:00Z"}',
      '2026-11-01T06:00:00Z  etl-20261101T060000Z  {"region":"eu","logicalDate":"2026-11-01T06:00:00Z"}',
      '2026-11-01T12:00:00Z  etl-20261101T120000Z  {"region":"eu","logicalDate":"2026-11-01T12:00:00Z"}',
      '[dry run] 3 slots; nothing started', ''].join('\n'));
    expect([sfn.calls().length, ssm.calls().length]).toStrictEqual([0, 0]);
  });

  test('the workflow\'s concurrency.maxExecutions is the default and the cap of --max-concurrent', async () => {
    // GIVEN a workflow with maxExecutions 1 and a live alias; executions end at once
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, aliasArn: `${SM}:live`, deadLetterQueueUrl: QUEUE, region: 'eu-west-1', maxExecutions: 1 }) } });
    const fake = new FakeStepFunctions(0);
    fake.install();
    const io = captureIO();
    // WHEN
    const code = await runCli(['backfill', 'etl', '--from', '2026-11-01', '--to', '2026-11-03', '--every', '1 day', '--max-concurrent', '3', '--poll', '0', '--region', 'eu-west-1'], io, [registerBackfill]);
    // THEN
    expect(code).toBe(0);
    expect(io.err()).toBe('--max-concurrent 3 exceeds the workflow\'s concurrency.maxExecutions 1; using 1\n');
    expect(fake.maxRunning).toBeLessThanOrEqual(1);
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.stateMachineArn)).toStrictEqual([`${SM}:live`, `${SM}:live`, `${SM}:live`]);
    expect(sfn.commandCalls(ListStateMachineAliasesCommand)).toHaveLength(0);
  });

  test('runs the workflow did not start itself (its schedule) take slots of maxExecutions too', async () => {
    // GIVEN maxExecutions 1 and the nightly scheduled run still running for 30 s
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, aliasArn: `${SM}:live`, deadLetterQueueUrl: QUEUE, region: 'eu-west-1', maxExecutions: 1 }) } });
    const fake = new FakeStepFunctions(30_000);
    fake.install();
    fake.executions.set(executionArnOf(SM, 'scheduled-run'), { input: '{}', startedAt: 0, fails: false });
    const io = captureIO();
    // WHEN (each poll waits 10 virtual seconds)
    const code = await backfill(new SFNClient({ region: 'eu-west-1' }), io, {
      workflow: 'etl', slots: [day(1)], input: {}, maxConcurrent: 1, target: `${SM}:live`, stateMachineArn: SM, pollMs: 10_000, sleep: fake.sleep,
      countRunning: () => runningExecutions(new SFNClient({ region: 'eu-west-1' }), SM, 1),
    });
    // THEN the slot starts only after the scheduled run ended, never two at once
    expect(code).toBe(0);
    expect(fake.maxRunning).toBe(1);
    expect(fake.executions.get(executionArnOf(SM, 'etl-20261101T000000Z'))!.startedAt).toBe(30_000);
    expect(io.out().split('\n')[0]).toBe('[0/1] waiting: 1 execution of etl running (at most 1)');
  });

  test('a slot the concurrency gate queued or skipped is not reported as run', async () => {
    // GIVEN slot 1 ends at the gate's queued state, slot 2 at its skipped state, slot 3 runs
    const fake = new FakeStepFunctions(0);
    fake.install();
    const endState: Record<string, string> = { 'etl-20261101T000000Z': 'dagstep.concurrency.queued', 'etl-20261102T000000Z': 'dagstep.concurrency.skipped' };
    sfn.on(GetExecutionHistoryCommand).callsFake((i) => ({ events: [
      { id: 9, type: 'ExecutionSucceeded', timestamp: new Date(0) },
      ...(endState[i.executionArn.split(':').pop()] ? [{ id: 8, type: 'SucceedStateEntered', timestamp: new Date(0), stateEnteredEventDetails: { name: endState[i.executionArn.split(':').pop()] } }]
        : [{ id: 8, type: 'PassStateExited', timestamp: new Date(0), stateExitedEventDetails: { name: 'dagstep.output' } }]),
    ] }));
    const client = new SFNClient({ region: 'eu-west-1' });
    const io = captureIO();
    // WHEN
    const code = await backfill(client, io, {
      workflow: 'etl', slots: slotsBetween(day(1), day(3), 86_400_000), input: {}, maxConcurrent: 1, target: SM, stateMachineArn: SM, pollMs: 1000, sleep: fake.sleep,
      gateOutcome: (arn) => gateOutcome(client, arn),
    });
    // THEN
    expect(code).toBe(1);
    expect(io.out()).toContain('[1/3] 2026-11-01T00:00:00Z  queued by the concurrency limit: the workflow starts it as a new execution when a slot frees\n');
    expect(io.err()).toBe('[2/3] 2026-11-02T00:00:00Z  skipped by the concurrency limit (whenBusy: skip): it ran no task; `dagstep dlq redrive` starts it from its dead letter\n');
    expect(io.out()).toContain('backfill etl: 3 slots: 1 succeeded, 1 failed, 0 skipped (already run), 1 queued (run later by the workflow)\n');
    expect(sfn.commandCalls(GetExecutionHistoryCommand)[0].args[0].input).toStrictEqual({ executionArn: executionArnOf(SM, 'etl-20261101T000000Z'), reverseOrder: true, maxResults: 5 });
  });

  test('a bad --every is a user error before any call', async () => {
    const io = captureIO();
    expect(await runCli(['backfill', 'etl', '--from', '2026-11-01', '--to', '2026-11-03', '--every', 'daily'], io, [registerBackfill])).toBe(1);
    expect(io.err()).toContain('--every: expected a rate like "1 day"');
    expect(sfn.calls()).toHaveLength(0);
  });

  test('--max-concurrent must be a whole number ≥ 1', async () => {
    const io = captureIO();
    expect(await runCli(['backfill', 'etl', '--from', '2026-11-01', '--to', '2026-11-03', '--every', '1 day', '--max-concurrent', '0'], io, [registerBackfill])).toBe(2);
    expect(io.err()).toContain('option \'--max-concurrent <n>\' argument \'0\' is invalid. expected a whole number ≥ 1');
  });
});
