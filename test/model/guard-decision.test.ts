import type { DeadLetter } from '../../lib/model/dead-letter';
import {
  failedUnits, GuardContext, GuardEvent, GuardExecution, guardLetters, parseLetter, runningState, sinceLastRedrive, taskOfState,
} from '../../lib/model/guard-decision';

const ROOT = 'arn:aws:states:eu-west-1:1:execution:wf:run-1';
const CHILD = 'arn:aws:states:eu-west-1:1:execution:wf-child1:c1-abc';
const ctx = (children: Record<string, GuardExecution> = {}): GuardContext => ({
  workflow: 'wf', rootExecutionId: ROOT, timestamp: '2026-01-01T00:10:00.000Z',
  loadExecution: async (arn) => children[arn],
});
let ids = 0;
const entered = (stateName: string, type = 'TaskStateEntered', input?: unknown): GuardEvent => ({ type, id: ++ids, stateName, ...(input !== undefined ? { input } : {}) });
const exited = (stateName: string, type = 'TaskStateExited'): GuardEvent => ({ type, stateName });
const failed = (stateName: string, error: string, cause?: string): GuardEvent => ({ type: 'TaskFailed', stateName, error, ...(cause !== undefined ? { cause } : {}) });
const exec = (status: string, events: GuardEvent[], more: Partial<GuardExecution> = {}): GuardExecution => ({ executionArn: ROOT, status, events, ...more });
const letterOf = (more: Partial<DeadLetter>): DeadLetter => ({
  workflow: 'wf', executionId: ROOT, rootExecutionId: ROOT, kind: 'execution', taskId: null, stateName: null,
  error: 'States.Timeout', cause: null, optional: false, input: null, truncated: true, timestamp: '2026-01-01T00:10:00.000Z', ...more,
});
const letters = async (e: GuardExecution, c = ctx()) => (await guardLetters(e, c)).map((o) => o.letter);

describe('guardLetters', () => {
  test('a succeeded execution is owed nothing', async () => {
    // GIVEN / WHEN / THEN
    expect(await guardLetters(exec('SUCCEEDED', []), ctx())).toStrictEqual([]);
  });

  test('a required task that failed uncaught: one task letter, its snapshot from the state input, id per state', async () => {
    // GIVEN b entered with its input, failed after a retry (the earlier failure is not the last word)
    const state = { input: { day: 1 }, results: { a: { rows: 2 } } };
    const events = [entered('a'), exited('a'), entered('b', 'TaskStateEntered', JSON.stringify(state)), failed('b', 'Error', 'first'),
      { type: 'TaskScheduled', stateName: 'b' }, failed('b', 'Error', 'boom')];
    // WHEN
    const owed = await guardLetters(exec('FAILED', events, { error: 'Error', cause: 'boom', redriveCount: 2 }), ctx());
    // THEN
    expect(owed).toStrictEqual([{ id: `${ROOT}#2#b`, letter: letterOf({ kind: 'task', taskId: 'b', stateName: 'b', error: 'Error', cause: 'boom', input: state, truncated: false }) }]);
  });

  test('two branches failed together: two letters; a branch the Parallel cancelled failed nothing and gets none', async () => {
    // GIVEN b and c failed in two branches, d was still running when the Parallel stopped it
    const events = [entered('dagstep.parallel.1', 'ParallelStateEntered'), entered('b', 'TaskStateEntered', { input: {} }), entered('c', 'TaskStateEntered', { input: {} }),
      entered('d'), failed('b', 'Error'), failed('c', 'ValidationError')];
    // WHEN
    const got = await letters(exec('FAILED', events, { error: 'Error' }));
    // THEN
    expect(got.map((l) => [l.taskId, l.error])).toStrictEqual([['b', 'Error'], ['c', 'ValidationError']]);
  });

  test('a workflow: task whose child failed: one letter naming the task, with the child\'s own error and cause', async () => {
    // GIVEN bill.run (startExecution.sync) failed uncaught: States.TaskFailed, the child's DescribeExecution as cause
    const described = { ExecutionArn: CHILD, Status: 'FAILED', Error: 'InvoiceError', Cause: 'customer 7 has no address' };
    const events = [entered('bill', 'ParallelStateEntered', { input: {}, results: {} }), entered('bill.run', 'TaskStateEntered', { input: { day: 1 }, results: {} }),
      failed('bill.run', 'States.TaskFailed', JSON.stringify(described))];
    // WHEN
    const got = await letters(exec('FAILED', events, { error: 'States.TaskFailed', cause: JSON.stringify(described) }));
    // THEN
    expect(got).toStrictEqual([letterOf({
      kind: 'task', taskId: 'bill', stateName: 'bill.run', error: 'InvoiceError', cause: 'customer 7 has no address', input: { input: { day: 1 }, results: {} }, truncated: false,
    })]);
  });

  test('a failure caught by a Catch (an optional task, a fallback that rescued) is no unit', async () => {
    // GIVEN b failed and its Catch took it (the state exited)
    const events = [entered('b'), failed('b', 'Error'), exited('b')];
    // WHEN / THEN
    expect(failedUnits(events)).toStrictEqual([]);
  });

  test('a map whose items failed: one letter for the map task, naming the Map state', async () => {
    // GIVEN two failed iterations of each.item (task events attributed to their entry by id)
    const e1 = entered('each.item'); const e2 = entered('each.item'); const e3 = entered('each.item');
    const events = [entered('each', 'MapStateEntered'), e1, e2, e3, { type: 'TaskFailed', stateName: 'each.item', entry: e1.id, error: 'Error' },
      { type: 'TaskStateExited', stateName: 'each.item', entry: e3.id }, { type: 'TaskFailed', stateName: 'each.item', entry: e2.id, error: 'Error' }];
    // WHEN
    const got = await letters(exec('FAILED', events, { error: 'Error' }));
    // THEN
    expect(got.map((l) => [l.taskId, l.stateName])).toStrictEqual([['each', 'each']]);
  });

  test('a Distributed Map whose Map Run failed: one letter for the map task, naming the Map Run that lists the failed items', async () => {
    // GIVEN the parent's history of a Distributed Map (its items ran as child executions with their
    // own histories): a first Map Run the Map's Retry replaced, then a second one that failed
    const state = { input: { day: 1 }, results: {} };
    const map = entered('each', 'MapStateEntered', JSON.stringify(state));
    const run = (n: number): GuardEvent => ({ type: 'MapRunStarted', stateName: 'each', entry: map.id, mapRunArn: `arn:aws:states:eu-west-1:1:mapRun:wf/each:run-${n}` });
    const runFailed: GuardEvent = { type: 'MapRunFailed', stateName: 'each', entry: map.id, error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' };
    const events = [map, { type: 'MapStateStarted', stateName: 'each', entry: map.id }, run(1), runFailed, run(2), runFailed];
    // WHEN
    const owed = await guardLetters(exec('FAILED', events, { error: 'States.ExceedToleratedFailureThreshold' }), ctx());
    // THEN one task letter (a redrive re-runs the Map Run's failed items) naming the last Map Run
    expect(owed).toStrictEqual([{ id: `${ROOT}#0#each`, letter: { ...letterOf({
      kind: 'task', taskId: 'each', stateName: 'each', error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded', input: state, truncated: false,
    }), mapRunArn: 'arn:aws:states:eu-west-1:1:mapRun:wf/each:run-2' } }]);
  });

  test('a fallback that failed too: the primary\'s prepared letter plus the fallback\'s error', async () => {
    // GIVEN the fallback entered with the letter <task>.failed prepared
    const prepared = letterOf({ kind: 'task', taskId: 'b', stateName: 'b', error: 'Error', cause: 'primary', input: { input: {}, results: {} }, truncated: false });
    const events = [entered('b'), failed('b', 'Error', 'primary'), exited('b'), entered('b_fb', 'TaskStateEntered', { input: {}, results: {}, deadLetter: prepared }), failed('b_fb', 'ValidationError', 'fb')];
    // WHEN
    const got = await letters(exec('FAILED', events, { error: 'ValidationError' }));
    // THEN
    expect(got).toStrictEqual([{ ...prepared, fallback: { taskId: 'b_fb', error: 'ValidationError', cause: 'fb' } }]);
  });

  test('a failed child step: the child\'s own letters, never one for the parent too', async () => {
    // GIVEN the parent failed at its child step; the child failed at task y
    const parent = exec('FAILED', [entered('dagstep.child.1'), failed('dagstep.child.1', 'States.TaskFailed', JSON.stringify({ ExecutionArn: CHILD, Status: 'FAILED' }))], { error: 'States.TaskFailed' });
    const child: GuardExecution = { executionArn: CHILD, status: 'FAILED', events: [entered('y'), failed('y', 'Error', 'in child')] };
    // WHEN
    const owed = await guardLetters(parent, ctx({ [CHILD]: child }));
    // THEN
    expect(owed.map((o) => [o.id, o.letter.executionId, o.letter.taskId])).toStrictEqual([[`${CHILD}#0#y`, CHILD, 'y']]);
  });

  test('a child step whose cause was cut at the 32,768-character limit: the child is still found, its own letter sent', async () => {
    // GIVEN the child's description (a 40 KB input) cut where Step Functions cuts a cause: no longer JSON
    const described = JSON.stringify({ ExecutionArn: CHILD, Status: 'FAILED', Input: JSON.stringify({ blob: 'x'.repeat(40_000) }) }).slice(0, 32_768);
    const parent = exec('FAILED', [entered('dagstep.child.1'), failed('dagstep.child.1', 'States.TaskFailed', described)], { error: 'States.TaskFailed' });
    const child: GuardExecution = { executionArn: CHILD, status: 'FAILED', events: [entered('y'), failed('y', 'Error', 'in child')] };
    // WHEN
    const owed = await guardLetters(parent, ctx({ [CHILD]: child }));
    // THEN
    expect(owed.map((o) => [o.id, o.letter.taskId, o.letter.error])).toStrictEqual([[`${CHILD}#0#y`, 'y', 'Error']]);
  });

  test('a child step that could not start: one letter of the child state', async () => {
    // GIVEN / WHEN
    const got = await letters(exec('FAILED', [entered('dagstep.child.1'), failed('dagstep.child.1', 'StepFunctions.InvalidExecutionInputException')], { error: 'x' }));
    // THEN
    expect(got.map((l) => [l.kind, l.taskId, l.stateName])).toStrictEqual([['task', null, 'dagstep.child.1']]);
  });

  test('a child that failed again after its redrive stops the parent at .redrive: the child\'s letters', async () => {
    // GIVEN the parent's .redrive raised (no task event), the child failed at y again
    const parent = exec('FAILED', [{ type: 'ExecutionRedriven' }, entered('dagstep.child.1.redrive'),
      { type: 'TaskSucceeded', stateName: 'dagstep.child.1.describe', output: JSON.stringify({ executionArn: CHILD }) }], { error: 'States.QueryEvaluationError' });
    const child: GuardExecution = { executionArn: CHILD, status: 'FAILED', redriveCount: 1, events: [{ type: 'ExecutionRedriven' }, entered('y'), failed('y', 'Error')] };
    // WHEN
    const owed = await guardLetters(parent, ctx({ [CHILD]: child }));
    // THEN
    expect(owed.map((o) => o.id)).toStrictEqual([`${CHILD}#1#y`]);
  });

  test('an execution timeout: one execution letter naming the running task', async () => {
    // GIVEN b still running, a wait for it open too
    const events = [entered('a'), exited('a'), entered('dagstep.parallel.1', 'ParallelStateEntered'), entered('b'), entered('c'), exited('c'), entered('d.await.b')];
    // WHEN
    const owed = await guardLetters(exec('TIMED_OUT', events, { error: 'States.Timeout', cause: 'the execution timed out' }), ctx());
    // THEN
    expect(owed).toStrictEqual([{ id: `${ROOT}#0#execution`, letter: letterOf({ taskId: 'b', stateName: 'b', cause: 'the execution timed out' }) }]);
  });

  test('an abort has no error name from Step Functions: dagstep.ExecutionAborted', async () => {
    // GIVEN / WHEN / THEN
    expect(await letters(exec('ABORTED', [entered('each.item'), entered('each.item')]))).toStrictEqual([letterOf({ taskId: 'each', stateName: 'each.item', error: 'dagstep.ExecutionAborted' })]);
  });

  test('an undeliverable letter: the guard sends the letter the execution carried in its cause', async () => {
    // GIVEN
    const carried = letterOf({ kind: 'task', taskId: 'b', stateName: 'b', error: 'Error', cause: 'boom', optional: true, input: { input: {}, results: {} }, truncated: false });
    const e = exec('FAILED', [entered('b.undeliverable', 'FailStateEntered')], { error: 'dagstep.DeadLetterUndeliverable', cause: JSON.stringify(carried) });
    // WHEN / THEN kind execution, optional false (the execution did not go on)
    expect(await letters(e)).toStrictEqual([{ ...carried, kind: 'execution', optional: false }]);
  });

  test('a redriven execution that fails again is judged on what happened since the redrive, under a new id', async () => {
    // GIVEN a failure before the redrive, then a timeout after it
    const events = [entered('b'), failed('b', 'Error'), { type: 'ExecutionRedriven' }, entered('b')];
    // WHEN
    const owed = await guardLetters(exec('TIMED_OUT', events, { error: 'States.Timeout', redriveCount: 1 }), ctx());
    // THEN
    expect(owed).toStrictEqual([{ id: `${ROOT}#1#execution`, letter: letterOf({ taskId: 'b', stateName: 'b' }) }]);
  });

  test('a 200 KB input and a 60 KB cause still give a bounded letter naming the task', async () => {
    // GIVEN
    const events = [entered('b', 'TaskStateEntered', { input: { blob: 'x'.repeat(200 * 1024) }, results: {} }), failed('b', 'Error', 'c'.repeat(60 * 1024))];
    // WHEN
    const [l] = await letters(exec('FAILED', events, { error: 'Error' }));
    // THEN
    expect([l.taskId, l.stateName, l.truncated, l.input, l.cause!.length]).toStrictEqual(['b', 'b', true, { input: null, results: {} }, 4096]);
    expect(JSON.stringify(l).length).toBeLessThan(16 * 1024);
  });

  test('an uncaught error with no state open still gets a letter', async () => {
    // GIVEN / WHEN / THEN
    expect(await letters(exec('FAILED', [], { error: 'States.Runtime', cause: 'bad path' }))).toStrictEqual([letterOf({ error: 'States.Runtime', cause: 'bad path' })]);
  });
});

describe('history helpers', () => {
  test('taskOfState: tasks, items, coordination and dagstep states', () => {
    // GIVEN / WHEN / THEN
    expect(['load', 'each.item', 'd.await.b', 'b.notify.d', 'b.resume.d', 'load.deadLetter', 'dagstep.child.1'].map(taskOfState))
      .toStrictEqual(['load', 'each', 'd', 'd', 'd', 'load', null]);
  });

  test('runningState prefers a running task, then a child state, then anything open but a Parallel', () => {
    // GIVEN / WHEN / THEN
    expect(runningState([entered('dagstep.parallel.1', 'ParallelStateEntered'), entered('dagstep.child.1'), entered('a.notify.b')])).toBe('dagstep.child.1');
    expect(runningState([entered('dagstep.parallel.1', 'ParallelStateEntered'), entered('a.notify.b')])).toBe('a.notify.b');
    expect(runningState([entered('a'), exited('a')])).toBeUndefined();
  });

  test('sinceLastRedrive and parseLetter', () => {
    // GIVEN / WHEN / THEN
    expect(sinceLastRedrive([entered('a'), { type: 'ExecutionRedriven' }, exited('b')])).toStrictEqual([exited('b')]);
    expect([parseLetter(undefined), parseLetter('not json'), parseLetter('{"x":1}')]).toStrictEqual([undefined, undefined, undefined]);
  });
});
