import { DescribeExecutionCommand, ExecutionListItem, GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { handler, sweep, SweepIncomplete } from '../../lambdas/dead-letter-sweep';
import { branchLetter, RUNNING_B, timedOutLetter, TWO_BRANCHES } from '../support/guard-histories';
import { mockedGuardClients } from '../support/guard-clients';
import { MarkerTable } from '../support/marker-table';

const { sfn, sqs, ddb, clients, reset } = mockedGuardClients();
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:wf';
const exec = (name: string) => `arn:aws:states:eu-west-1:123456789012:execution:wf:${name}`;
const NOW = Date.UTC(2026, 0, 20);
const DAY = 86_400_000;
/** The look-back window: a 1-day execution timeout + the 14-day redrive window + a day. */
const LOOKBACK_SECONDS = 16 * 86_400;
const STOP = new Date(NOW - DAY);

/** A list item of an ended execution started `daysAgo` days before NOW. */
const item = (name: string, status: 'FAILED' | 'TIMED_OUT' | 'ABORTED', daysAgo: number, redriveCount = 0): ExecutionListItem => ({
  executionArn: exec(name), stateMachineArn: MACHINE, name, status, startDate: new Date(NOW - daysAgo * DAY), stopDate: STOP, redriveCount,
});

/** ListExecutions answers per status filter (one page each unless given several). */
function listing(pages: Partial<Record<'FAILED' | 'TIMED_OUT' | 'ABORTED', { executions: ExecutionListItem[]; nextToken?: string }[]>>): void {
  sfn.on(ListExecutionsCommand).resolves({ executions: [] });
  for (const [status, list] of Object.entries(pages)) {
    list.forEach((page, i) => sfn.on(ListExecutionsCommand, { statusFilter: status as 'FAILED', nextToken: i === 0 ? undefined : list[i - 1].nextToken }).resolves(page));
  }
}

/** DescribeExecution and GetExecutionHistory of one execution. */
function execution(name: string, status: string, events: typeof RUNNING_B, redriveCount = 0): void {
  sfn.on(DescribeExecutionCommand, { executionArn: exec(name) }).resolves({ executionArn: exec(name), status: status as 'FAILED', redriveCount });
  sfn.on(GetExecutionHistoryCommand, { executionArn: exec(name) }).resolves({ events });
}

const sentBodies = () => sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!));
const described = () => sfn.commandCalls(DescribeExecutionCommand).map((c) => c.args[0].input.executionArn);

let table: MarkerTable;
beforeEach(() => {
  reset();
  table = new MarkerTable('markers');
  table.install(ddb);
  process.env.DAGSTEP_WORKFLOW = 'wf';
  process.env.DAGSTEP_SWEEP_STATE_MACHINE_ARN = MACHINE;
  process.env.DAGSTEP_SWEEP_LOOKBACK_SECONDS = String(LOOKBACK_SECONDS);
});

describe('dead-letter sweep', () => {
  test('letters a failed execution whose status-change event never came: ListExecutions, its history, one SQS send', async () => {
    // GIVEN a FAILED execution the guard never saw (no marker at all)
    listing({ FAILED: [{ executions: [item('lost', 'FAILED', 2)] }] });
    execution('lost', 'FAILED', [
      { id: 1, type: 'ExecutionStarted', timestamp: STOP },
      { id: 2, previousEventId: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'b', input: '{"input":{"day":"d"},"results":{}}' }, timestamp: STOP },
      { id: 3, previousEventId: 2, type: 'TaskScheduled', timestamp: STOP },
      { id: 4, previousEventId: 3, type: 'TaskFailed', taskFailedEventDetails: { resource: 'invoke', resourceType: 'lambda', error: 'Error', cause: 'b broke' }, timestamp: STOP },
      { id: 5, previousEventId: 4, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Error', cause: 'b broke' }, timestamp: STOP },
    ]);
    // WHEN
    const outcome = await sweep(clients, NOW);
    // THEN the letter is sent, stamped when the execution stopped, and the run is marked done
    expect(outcome).toStrictEqual({ checked: 1, recovered: 1, failed: [] });
    expect(sfn.commandCalls(ListExecutionsCommand).map((c) => c.args[0].input)).toStrictEqual(['FAILED', 'TIMED_OUT', 'ABORTED'].map((statusFilter) => ({
      stateMachineArn: MACHINE, statusFilter, maxResults: 1000, nextToken: undefined,
    })));
    expect(sentBodies()).toStrictEqual([branchLetter(exec('lost'), 'b', STOP.toISOString())]);
    expect(table.states()).toStrictEqual({ [`${exec('lost')}#0#b`]: 'sent', [`${exec('lost')}#0#done`]: 'sent' });
  });

  test('skips an execution whose done marker exists (the guard handled its event) without reading it', async () => {
    // GIVEN
    table.items.set(`${exec('seen')}#0#done`, { pk: { S: `${exec('seen')}#0#done` }, state: { S: 'sent' } });
    listing({ TIMED_OUT: [{ executions: [item('seen', 'TIMED_OUT', 1)] }] });
    // WHEN
    const outcome = await sweep(clients, NOW);
    // THEN
    expect(outcome).toStrictEqual({ checked: 1, recovered: 0, failed: [] });
    expect([described(), sqs.commandCalls(SendMessageCommand).length]).toStrictEqual([[], 0]);
  });

  test('a guard that sent the letter but died before marking the run done: the sweep sends nothing again, and marks it', async () => {
    // GIVEN the letter's own marker says sent, the done marker is missing
    table.items.set(`${exec('half')}#0#execution`, { pk: { S: `${exec('half')}#0#execution` }, state: { S: 'sent' } });
    listing({ TIMED_OUT: [{ executions: [item('half', 'TIMED_OUT', 1)] }] });
    execution('half', 'TIMED_OUT', RUNNING_B);
    // WHEN
    const outcome = await sweep(clients, NOW);
    // THEN
    expect(outcome).toStrictEqual({ checked: 1, recovered: 0, failed: [] });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(table.states()).toStrictEqual({ [`${exec('half')}#0#execution`]: 'sent', [`${exec('half')}#0#done`]: 'sent' });
  });

  test('a redriven execution that failed again is a new run: its done marker is per redrive', async () => {
    // GIVEN run 0 was lettered and marked done; run 1 (redriveCount 1) failed and its event was lost
    table.items.set(`${exec('again')}#0#done`, { pk: { S: `${exec('again')}#0#done` }, state: { S: 'sent' } });
    listing({ TIMED_OUT: [{ executions: [item('again', 'TIMED_OUT', 3, 1)] }] });
    execution('again', 'TIMED_OUT', [{ id: 0, type: 'ExecutionRedriven', timestamp: STOP }, ...RUNNING_B.slice(1)], 1);
    // WHEN
    const outcome = await sweep(clients, NOW);
    // THEN
    expect(outcome).toStrictEqual({ checked: 1, recovered: 1, failed: [] });
    expect(sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageAttributes).toStrictEqual({
      letterId: { DataType: 'String', StringValue: `${exec('again')}#1#execution` },
    });
  });

  test('stops paging once a page ends past the look-back window, and skips the executions started before it', async () => {
    // GIVEN newest first: FAILED's first page ends with an execution older than the window
    // (more pages exist, all older); TIMED_OUT's first page is all inside it, so its next page is read
    listing({
      FAILED: [{ executions: [item('recent', 'FAILED', 2), item('ancient', 'FAILED', 17)], nextToken: 'f2' }],
      TIMED_OUT: [{ executions: [item('t1', 'TIMED_OUT', 1)], nextToken: 't2' }, { executions: [item('t2', 'TIMED_OUT', 5)] }],
    });
    for (const [name, status] of [['recent', 'FAILED'], ['t1', 'TIMED_OUT'], ['t2', 'TIMED_OUT']]) execution(name, status, RUNNING_B);
    // WHEN
    const outcome = await sweep(clients, NOW);
    // THEN
    expect(sfn.commandCalls(ListExecutionsCommand).map((c) => [c.args[0].input.statusFilter, c.args[0].input.nextToken])).toStrictEqual([
      ['FAILED', undefined], ['TIMED_OUT', undefined], ['TIMED_OUT', 't2'], ['ABORTED', undefined],
    ]);
    expect(described()).toStrictEqual([exec('recent'), exec('t1'), exec('t2')]);
    expect(outcome).toStrictEqual({ checked: 3, recovered: 3, failed: [] });
  });

  test('counts every letter it had to send, and the handler emits the count as the GuardSweepRecovered metric', async () => {
    // GIVEN two lost executions: one owes two letters (two failed branches), the other one
    listing({ FAILED: [{ executions: [item('branches', 'FAILED', 1)] }], ABORTED: [{ executions: [item('stopped', 'ABORTED', 1)] }] });
    execution('branches', 'FAILED', TWO_BRANCHES);
    execution('stopped', 'ABORTED', RUNNING_B.slice(0, 5));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    // WHEN
    const outcome = await handler();
    // THEN
    const emitted = log.mock.calls.map((args) => JSON.parse(String(args[0])));
    log.mockRestore();
    clock.mockRestore();
    expect(outcome).toStrictEqual({ checked: 2, recovered: 3, failed: [] });
    expect(sentBodies()).toStrictEqual([
      branchLetter(exec('branches'), 'b', STOP.toISOString()),
      branchLetter(exec('branches'), 'c', STOP.toISOString()),
      { ...timedOutLetter(exec('stopped'), STOP.toISOString()), error: 'dagstep.ExecutionAborted' },
    ]);
    expect(emitted).toStrictEqual([{
      _aws: { Timestamp: NOW, CloudWatchMetrics: [{ Namespace: 'dagstep', Dimensions: [['workflow']], Metrics: [{ Name: 'GuardSweepRecovered', Unit: 'Count' }] }] },
      workflow: 'wf', GuardSweepRecovered: 3,
    }]);
  });

  test('one execution that cannot be lettered now does not stop the sweep: the others are lettered, the handler then fails so the errors alarm fires', async () => {
    // GIVEN two lost executions; reading the first one's history is throttled
    listing({ FAILED: [{ executions: [item('throttled', 'FAILED', 1)] }], TIMED_OUT: [{ executions: [item('lost', 'TIMED_OUT', 2)] }] });
    execution('lost', 'TIMED_OUT', RUNNING_B);
    sfn.on(DescribeExecutionCommand, { executionArn: exec('throttled') }).resolves({ executionArn: exec('throttled'), status: 'FAILED', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand, { executionArn: exec('throttled') }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    // WHEN the scheduled handler runs
    const thrown = await handler().then(() => undefined, (e: unknown) => e);
    const logged = errors.mock.calls.map((args) => JSON.parse(String(args[0])));
    const metric = log.mock.calls.map((args) => JSON.parse(String(args[0])).GuardSweepRecovered);
    [log, errors, clock].forEach((s) => s.mockRestore());
    // THEN the second execution is lettered and its run marked done, the first is not marked (the next sweep retries it)
    expect(sentBodies()).toStrictEqual([timedOutLetter(exec('lost'), STOP.toISOString())]);
    expect(Object.keys(table.states()).filter((k) => k.endsWith('#done'))).toStrictEqual([`${exec('lost')}#0#done`]);
    // AND the handler emitted the recovered count, logged the execution, and threw so the function's Errors alarm fires
    expect(metric).toStrictEqual([1]);
    expect(logged.map((l) => [l.executionArn, l.error])).toStrictEqual([[exec('throttled'), 'ThrottlingException: Rate exceeded']]);
    expect(thrown).toBeInstanceOf(SweepIncomplete);
    expect((thrown as SweepIncomplete).outcome).toStrictEqual({ checked: 2, recovered: 1, failed: [{ executionArn: exec('throttled'), error: 'ThrottlingException: Rate exceeded' }] });
  });

  test('a sweep without its state machine or window configured says which variable is missing', async () => {
    // GIVEN
    delete process.env.DAGSTEP_SWEEP_LOOKBACK_SECONDS;
    // WHEN / THEN
    await expect(sweep(clients, NOW)).rejects.toThrow('dagstep sweep: DAGSTEP_SWEEP_LOOKBACK_SECONDS is not set');
  });
});
