import { ExecutionNotRedrivable } from '../../lib/local/errors';
import { redriveExecution, runExecution } from '../../lib/local/engine';
import { FN, lambdaError, stubLambda } from './private/stubs';

/*
 * Sources: RedriveExecution (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html),
 * "Restarting state machine executions with redrive" (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html)
 * and "Redriving Map Runs" (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html).
 */

/** A Lambda stub failing the calls `failing` selects while `broken.on` is true (the bug "fixed" between runs). */
function flaky(failing: (payload: unknown, state: string) => boolean) {
  const broken = { on: true };
  const stub = stubLambda((req) => {
    if (broken.on && failing(req.payload, req.stateName)) throw lambdaError('Boom', `failed on ${JSON.stringify(req.payload)}`);
    return req.payload;
  });
  return { ...stub, broken };
}
const task = (next?: string, more: object = {}) => ({ Type: 'Task', Resource: FN, ...(next ? { Next: next } : { End: true }), ...more });

describe('redriveExecution', () => {
  test('resumes at the failed state: succeeded states keep their outputs and are not rerun', async () => {
    // GIVEN A (task) -> B (task, fails the first time) -> C (Pass reading the redrive count)
    const def = { StartAt: 'A', States: {
      A: task('B', { ResultPath: '$.a' }), B: task('C', { ResultPath: '$.b' }),
      C: { Type: 'Pass', Parameters: { 'a.$': '$.a.v', 'b.$': '$.b.v', 'redriveCount.$': '$$.Execution.RedriveCount' }, End: true },
    } };
    const lambda = flaky((_p, state) => state === 'B');
    const first = await runExecution(def, { v: 1 }, lambda);
    // WHEN the bug is fixed and the execution is redriven
    lambda.broken.on = false;
    const r = await redriveExecution(def, first, lambda);
    // THEN it succeeds with A's first result; A ran once, B twice; RedriveCount is 1
    expect(first.status).toBe('FAILED');
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual({ a: 1, b: 1, redriveCount: 1 });
    expect(lambda.calls.map((c) => c.stateName)).toStrictEqual(['A', 'B', 'B']);
    // AND the same execution continues: same ARN, history ids go on after an ExecutionRedriven event
    expect(r.executionId).toBe(first.executionId);
    const redriven = r.history.findIndex((e) => e.type === 'ExecutionRedriven');
    expect(r.history.slice(0, redriven)).toStrictEqual(first.history);
    expect(r.history[redriven].id).toBe(first.historyEvents + 1);
    expect(r.history.slice(redriven).map((e) => e.type)).toStrictEqual(
      ['ExecutionRedriven', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(r.startTime).toBe(first.startTime);
    expect(r.stopTime).toBeGreaterThan(first.stopTime);
  });

  test('in a Parallel only the failed branch runs again', async () => {
    // GIVEN a Parallel whose second branch fails the first time
    const def = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [
      { StartAt: 'L', States: { L: task() } },
      { StartAt: 'R1', States: { R1: task('R2'), R2: task() } },
    ] } } };
    const lambda = flaky((_p, state) => state === 'R2');
    const first = await runExecution(def, 'x', lambda);
    // WHEN redriven
    lambda.broken.on = false;
    const r = await redriveExecution(def, first, lambda);
    // THEN the first branch and the succeeded R1 are not called again
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual(['x', 'x']);
    expect(lambda.calls.map((c) => c.stateName).sort()).toStrictEqual(['L', 'R1', 'R2', 'R2']);
  });

  test.each(['INLINE', 'DISTRIBUTED'])('in a %s Map only the failed iterations run again', async (mode) => {
    // GIVEN a Map over 1..5 whose items 2 and 4 fail the first time
    const def = { StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: { ProcessorConfig: { Mode: mode }, StartAt: 'T', States: { T: task() } } } } };
    const lambda = flaky((p) => p === 2 || p === 4);
    const first = await runExecution(def, [1, 2, 3, 4, 5], lambda);
    const calledFirst = lambda.calls.length;
    // WHEN redriven
    lambda.broken.on = false;
    const r = await redriveExecution(def, first, lambda);
    // THEN only the items that did not succeed are called again, and the output has every item
    expect(first.status).toBe('FAILED');
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual([1, 2, 3, 4, 5]);
    const succeededFirst = lambda.calls.slice(0, calledFirst).map((c) => c.payload).filter((p) => p !== 2 && p !== 4);
    expect(lambda.calls.slice(calledFirst).map((c) => c.payload).sort()).toStrictEqual([1, 2, 3, 4, 5].filter((p) => !succeededFirst.includes(p)));
  });

  test('a Fail state reached through a Catch is rerun, so the redrive fails again; the caught Task is not rerun', async () => {
    // GIVEN T (fails, caught) -> F (Fail)
    const def = { StartAt: 'T', States: {
      T: task(undefined, { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }] }),
      F: { Type: 'Fail', Error: 'Handled', Cause: 'T failed' },
    } };
    const lambda = flaky(() => true);
    const first = await runExecution(def, {}, lambda);
    // WHEN redriven (even with T fixed)
    lambda.broken.on = false;
    const r = await redriveExecution(def, first, lambda);
    // THEN the Fail state runs again (it was entered and never exited) and T is not called again
    expect(r.status).toBe('FAILED');
    expect({ error: r.error, cause: r.cause }).toStrictEqual({ error: 'Handled', cause: 'T failed' });
    expect(lambda.calls.map((c) => c.stateName)).toStrictEqual(['T']);
    expect(r.history.filter((e) => e.type === 'FailStateEntered').length).toBe(2);
    // AND a second redrive counts 2
    const again = await redriveExecution(def, r, lambda);
    expect(again.redrive?.redriveCount).toBe(2);
  });

  test('variables assigned before the failure are those of the redriven run', async () => {
    // GIVEN a JSONata machine assigning x in A, failing in B, which outputs x
    const def = { QueryLanguage: 'JSONata', StartAt: 'A', States: {
      A: { Type: 'Pass', Assign: { x: 41 }, Next: 'B' },
      B: { Type: 'Task', Resource: FN, Arguments: { n: '{% $x + 1 %}' }, Output: '{% $states.result.n %}', End: true },
    } };
    const lambda = flaky(() => true);
    const first = await runExecution(def, {}, lambda);
    // WHEN redriven
    lambda.broken.on = false;
    const r = await redriveExecution(def, first, lambda);
    // THEN B sees x from A's first run
    expect(r.output).toBe(42);
  });

  test('an ABORTED execution resumes at the state it was in; TIMED_OUT restarts the timeout', async () => {
    // GIVEN a Wait of 10 s then a task, aborted at 5 s
    const def = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, Next: 'T' }, T: task() } };
    const lambda = stubLambda();
    const aborted = await runExecution(def, 'in', { ...lambda, abortAfterSeconds: 5 });
    // WHEN redriven without an abort
    const r = await redriveExecution(def, aborted, lambda);
    // THEN the Wait runs again in full and the task once
    expect(aborted.status).toBe('ABORTED');
    expect(r.status).toBe('SUCCEEDED');
    expect(r.stopTime - aborted.stopTime).toBe(11);
    // AND a machine timing out at 15 s of a 10 s + 10 s chain times out again on redrive, 15 s later
    const slow = { TimeoutSeconds: 15, StartAt: 'W1', States: { W1: { Type: 'Wait', Seconds: 10, Next: 'W2' }, W2: { Type: 'Wait', Seconds: 10, End: true } } };
    const timedOut = await runExecution(slow, {}, lambda);
    const again = await redriveExecution(slow, timedOut, lambda);
    expect([timedOut.status, again.status]).toStrictEqual(['TIMED_OUT', 'SUCCEEDED']);
    expect(again.stopTime - timedOut.stopTime).toBe(10);
  });

  test('a SUCCEEDED execution is not redrivable (ExecutionNotRedrivable)', async () => {
    // GIVEN a succeeded run
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const ok = await runExecution(def, {}, stubLambda());
    // WHEN it is redriven THEN Step Functions' error and reason
    await expect(redriveExecution(def, ok, stubLambda())).rejects.toThrow(ExecutionNotRedrivable);
    await expect(redriveExecution(def, ok, stubLambda())).rejects.toThrow('Execution is SUCCEEDED and cannot be redriven');
    expect(ok.redrive).toBeUndefined();
  });
});
