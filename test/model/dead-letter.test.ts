import {
  DeadLetter, GuardContext, GuardEvent, GuardExecution, guardLetter, parseLetter, runningState, sinceLastRedrive, taskOfState,
} from '../../lib/model/dead-letter';

const ROOT = 'arn:aws:states:eu-west-1:1:execution:wf:run-1';
const CHILD = 'arn:aws:states:eu-west-1:1:execution:wf-child1:c1-abc';
const ctx = (children: Record<string, GuardExecution> = {}): GuardContext => ({
  workflow: 'wf', rootExecutionId: ROOT, timestamp: '2026-01-01T00:10:00.000Z',
  loadExecution: async (arn) => children[arn],
});
const entered = (stateName: string, type = 'TaskStateEntered'): GuardEvent => ({ type, stateName });
const exited = (stateName: string, type = 'TaskStateExited'): GuardEvent => ({ type, stateName });
const exec = (status: string, events: GuardEvent[], more: Partial<GuardExecution> = {}): GuardExecution => ({ executionArn: ROOT, status, events, ...more });
const executionLetter = (more: Partial<DeadLetter>): DeadLetter => ({
  workflow: 'wf', executionId: ROOT, rootExecutionId: ROOT, kind: 'execution', taskId: null, stateName: null,
  error: 'States.Timeout', cause: null, optional: false, input: null, truncated: true, timestamp: '2026-01-01T00:10:00.000Z', ...more,
});

describe('guardLetter', () => {
  test('a succeeded execution needs no letter', async () => {
    // GIVEN / WHEN / THEN
    expect(await guardLetter(exec('SUCCEEDED', []), ctx())).toBeUndefined();
  });

  test('an execution that failed at dagstep.fail.<n> sent its letter itself: none, so never twice', async () => {
    // GIVEN a history that reached the Fail after the shared send
    const events = [entered('a'), entered('a.failed', 'PassStateEntered'), entered('dagstep.deadLetter.1'), exited('dagstep.deadLetter.1'), entered('dagstep.fail.1', 'FailStateEntered')];
    // WHEN / THEN
    expect(await guardLetter(exec('FAILED', events, { error: 'Error' }), ctx())).toBeUndefined();
  });

  test('an execution timeout: one letter naming the running task (a task before a coordination wait)', async () => {
    // GIVEN b still running, a wait for it open too
    const events = [entered('a'), exited('a'), entered('dagstep.parallel.1', 'ParallelStateEntered'), entered('b'), entered('c'), exited('c'), entered('d.await.b')];
    // WHEN
    const letter = await guardLetter(exec('TIMED_OUT', events, { error: 'States.Timeout', cause: 'the execution timed out' }), ctx());
    // THEN
    expect(letter).toStrictEqual(executionLetter({ taskId: 'b', stateName: 'b', cause: 'the execution timed out' }));
  });

  test('an abort has no error name from Step Functions: dagstep.ExecutionAborted', async () => {
    // GIVEN / WHEN
    const letter = await guardLetter(exec('ABORTED', [entered('each.item'), entered('each.item')]), ctx());
    // THEN
    expect(letter).toStrictEqual(executionLetter({ taskId: 'each', stateName: 'each.item', error: 'dagstep.ExecutionAborted' }));
  });

  test('an undeliverable letter: the guard sends the letter the execution carried in its cause', async () => {
    // GIVEN
    const carried: DeadLetter = { ...executionLetter({}), kind: 'task', taskId: 'b', stateName: 'b', error: 'Error', cause: 'boom', optional: true, input: { input: {}, results: {} }, truncated: false };
    const failed = exec('FAILED', [entered('b.undeliverable', 'FailStateEntered')], { error: 'dagstep.DeadLetterUndeliverable', cause: JSON.stringify(carried) });
    // WHEN
    const letter = await guardLetter(failed, ctx());
    // THEN kind execution, optional false (the execution did not go on)
    expect(letter).toStrictEqual({ ...carried, kind: 'execution', optional: false });
  });

  test('a child failure the child lettered: none for the parent', async () => {
    // GIVEN the parent failed re-raising its child, which failed at its own dagstep.fail
    const parent = exec('FAILED', [
      entered('dagstep.child.1'), { type: 'TaskFailed', stateName: 'dagstep.child.1', error: 'States.TaskFailed', cause: JSON.stringify({ ExecutionArn: CHILD, Status: 'FAILED' }) },
      entered('dagstep.childFailed.1', 'FailStateEntered'),
    ], { error: 'Error' });
    const child: GuardExecution = { executionArn: CHILD, status: 'FAILED', events: [entered('dagstep.fail.1', 'FailStateEntered')] };
    // WHEN / THEN
    expect(await guardLetter(parent, ctx({ [CHILD]: child }))).toBeUndefined();
  });

  test('a child that timed out (or was aborted) unlettered: one letter for the child execution, naming its task', async () => {
    // GIVEN
    const parent = exec('FAILED', [
      entered('dagstep.child.1'), { type: 'TaskFailed', stateName: 'dagstep.child.1', cause: JSON.stringify({ executionArn: CHILD, status: 'TIMED_OUT' }) },
      entered('dagstep.childFailed.1', 'FailStateEntered'),
    ], { error: 'States.Timeout' });
    const child: GuardExecution = { executionArn: CHILD, status: 'TIMED_OUT', error: 'States.Timeout', events: [entered('x'), exited('x'), entered('y')] };
    // WHEN
    const letter = await guardLetter(parent, ctx({ [CHILD]: child }));
    // THEN
    expect(letter).toStrictEqual(executionLetter({ executionId: CHILD, taskId: 'y', stateName: 'y' }));
  });

  test('a root timeout while a child runs: the root letter names the child\'s running task', async () => {
    // GIVEN
    const parent = exec('TIMED_OUT', [entered('dagstep.child.2'), { type: 'TaskSubmitted', stateName: 'dagstep.child.2', output: JSON.stringify({ ExecutionArn: CHILD }) }], { error: 'States.Timeout' });
    const child: GuardExecution = { executionArn: CHILD, status: 'ABORTED', events: [entered('z')] };
    // WHEN / THEN
    expect(await guardLetter(parent, ctx({ [CHILD]: child }))).toStrictEqual(executionLetter({ taskId: 'z', stateName: 'dagstep.child.2' }));
  });

  test('a redriven execution that fails again is judged on what happened since the redrive', async () => {
    // GIVEN a letter sent before the redrive, then a timeout after it
    const events = [entered('dagstep.fail.1', 'FailStateEntered'), { type: 'ExecutionRedriven' }, entered('b')];
    // WHEN
    const letter = await guardLetter(exec('TIMED_OUT', events, { error: 'States.Timeout' }), ctx());
    // THEN
    expect(letter).toStrictEqual(executionLetter({ taskId: 'b', stateName: 'b' }));
    expect(sinceLastRedrive(events)).toStrictEqual([entered('b')]);
  });

  test('an uncaught error with no state open still gets a letter', async () => {
    // GIVEN / WHEN
    const letter = await guardLetter(exec('FAILED', [], { error: 'States.Runtime', cause: 'bad path' }), ctx());
    // THEN
    expect(letter).toStrictEqual(executionLetter({ error: 'States.Runtime', cause: 'bad path' }));
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

  test('parseLetter accepts only letters', () => {
    // GIVEN / WHEN / THEN
    expect([parseLetter(undefined), parseLetter('not json'), parseLetter('{"x":1}')]).toStrictEqual([undefined, undefined, undefined]);
  });
});
