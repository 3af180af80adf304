import { runExecution, TaskAttempt } from '../../lib/local/engine';
import { FN, lambdaError, stubLambda } from './private/stubs';

/** The fields of an attempt that matter for timing assertions. */
const timing = (a: readonly TaskAttempt[]) => a.map((x) => ({ state: x.stateName, attempt: x.attempt, start: x.start, end: x.end, status: x.status }));

/** A one-Task machine around `task`. */
const oneTask = (task: object) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true, ...task } } });

describe('state types', () => {
  test('Pass with Result and ResultPath merges the result into the input', async () => {
    // GIVEN a Pass state with a fixed Result placed at $.added
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.added', End: true } } };
    // WHEN it runs
    const r = await runExecution(def, { a: 'b' }, stubLambda());
    // THEN the output is the input plus the result
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual({ a: 'b', added: { x: 1 } });
  });

  test('Pass without Result passes its (InputPath-selected) input through', async () => {
    // GIVEN a Pass state selecting $.inner
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.inner', End: true } } };
    // WHEN it runs
    const r = await runExecution(def, { inner: { k: [1, 2] }, other: true }, stubLambda());
    // THEN only the selected part is output
    expect(r.output).toStrictEqual({ k: [1, 2] });
  });

  test('Task calls the Lambda with the state input and outputs its payload', async () => {
    // GIVEN a Task on a direct Lambda ARN and a stub that doubles n
    const { invokeLambda, calls } = stubLambda((req) => ({ n: (req.payload as { n: number }).n * 2 }));
    // WHEN it runs
    const r = await runExecution(oneTask({}), { n: 21 }, { invokeLambda });
    // THEN the Lambda got the input and the output is its payload, after 1 simulated second
    expect(calls).toStrictEqual([{ functionName: FN, payload: { n: 21 }, stateName: 'T', attempt: 0, itemIndex: undefined }]);
    expect(r.output).toStrictEqual({ n: 42 });
    expect(r.makespanSeconds).toBe(1);
  });

  test('Succeed outputs its input; Fail fails the execution with its Error and Cause', async () => {
    // GIVEN a Choice routing to Succeed or Fail
    const def = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Yes' }], Default: 'No' },
        Yes: { Type: 'Succeed' },
        No: { Type: 'Fail', Error: 'Custom.Bad', Cause: 'not ok' },
      },
    };
    // WHEN it runs with ok true and with ok false
    const good = await runExecution(def, { ok: true }, stubLambda());
    const bad = await runExecution(def, { ok: false }, stubLambda());
    // THEN the first succeeds with its input, the second fails with the Fail state's error
    expect(good.status).toBe('SUCCEEDED');
    expect(good.output).toStrictEqual({ ok: true });
    expect(bad.status).toBe('FAILED');
    expect(bad.error).toBe('Custom.Bad');
    expect(bad.cause).toBe('not ok');
    expect(bad.output).toBe(undefined);
  });

  test('Fail with ErrorPath and CausePath reads them from the input', async () => {
    // GIVEN a Fail state reading its error from the input
    const def = { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: '$.c' } } };
    // WHEN it runs
    const r = await runExecution(def, { e: 'Dyn.Error', c: 'dynamic cause' }, stubLambda());
    // THEN the execution fails with them
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'Dyn.Error', 'dynamic cause']);
  });

  test('Choice: the first matching rule wins, Default otherwise, States.NoChoiceMatched without Default', async () => {
    // GIVEN a Choice on $.n with And/Not rules
    const states = {
      C: {
        Type: 'Choice',
        Choices: [
          { And: [{ Variable: '$.n', NumericGreaterThanEquals: 10 }, { Not: { Variable: '$.n', NumericEquals: 15 } }], Next: 'Big' },
          { Variable: '$.n', NumericLessThan: 0, Next: 'Negative' },
        ],
        Default: 'Other',
      },
      Big: { Type: 'Pass', Result: 'big', End: true },
      Negative: { Type: 'Pass', Result: 'negative', End: true },
      Other: { Type: 'Pass', Result: 'other', End: true },
    };
    const def = { StartAt: 'C', States: states };
    const noDefault = { StartAt: 'C', States: { ...states, C: { ...states.C, Default: undefined } } };
    // WHEN it runs on several inputs
    const outs = await Promise.all([12, 15, -3, 5].map(async (n) => (await runExecution(def, { n }, stubLambda())).output));
    const failed = await runExecution(JSON.parse(JSON.stringify(noDefault)), { n: 5 }, stubLambda());
    // THEN each goes to the expected branch
    expect(outs).toStrictEqual(['big', 'other', 'negative', 'other']);
    expect([failed.status, failed.error]).toStrictEqual(['FAILED', 'States.NoChoiceMatched']);
    expect(failed.cause).toBe('no choice rule matched in state "C" and there is no Default');
  });

  test('Wait: Seconds, SecondsPath, Timestamp and TimestampPath advance the simulated clock', async () => {
    // GIVEN four Wait states in a row (the simulated execution starts at 2026-01-01T00:00:00Z)
    const def = {
      StartAt: 'W1',
      States: {
        W1: { Type: 'Wait', Seconds: 10, Next: 'W2' },
        W2: { Type: 'Wait', SecondsPath: '$.s', Next: 'W3' },
        W3: { Type: 'Wait', Timestamp: '2026-01-01T00:01:00Z', Next: 'W4' },
        W4: { Type: 'Wait', TimestampPath: '$.ts', End: true },
      },
    };
    // WHEN it runs
    const r = await runExecution(def, { s: 5, ts: '2026-01-01T00:02:30Z' }, stubLambda());
    // THEN the execution ends at 150 s with its input unchanged
    expect(r.makespanSeconds).toBe(150);
    expect(r.output).toStrictEqual({ s: 5, ts: '2026-01-01T00:02:30Z' });
  });

  test('Parallel outputs one result per branch, its makespan is the longest branch', async () => {
    // GIVEN three branches whose tasks last 3, 7 and 5 s
    const branch = (d: number) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, Parameters: { d }, End: true } } });
    const def = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch(3), branch(7), branch(5)], End: true } } };
    const invokeLambda = async (req: { payload: unknown }) => ({ payload: `took ${(req.payload as { d: number }).d}`, durationSeconds: (req.payload as { d: number }).d });
    // WHEN it runs
    const r = await runExecution(def, {}, { invokeLambda });
    // THEN the branch outputs are in branch order and the run took 7 s
    expect(r.output).toStrictEqual(['took 3', 'took 7', 'took 5']);
    expect(r.makespanSeconds).toBe(7);
  });

  test('Parallel fails when a branch fails, and Catch routes the error', async () => {
    // GIVEN a Parallel whose second branch fails, with a Catch on States.ALL
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'b' } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Recovered' }],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
        Recovered: { Type: 'Pass', End: true },
      },
    };
    // WHEN it runs
    const r = await runExecution(def, { x: 1 }, stubLambda());
    // THEN the Catch output carries the branch's error
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual({ x: 1, err: { Error: 'Branch.Broke', Cause: 'b' } });
  });

  test('Map with 10 items, MaxConcurrency 3 and 1 s per item takes 4 s', async () => {
    // GIVEN a Map over $.items with a one-task processor
    const def = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 3, End: true,
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } },
        },
      },
    };
    const { invokeLambda, calls } = stubLambda((req) => (req.payload as number) * 10);
    // WHEN it runs on 10 items
    const r = await runExecution(def, { items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, { invokeLambda });
    // THEN results keep item order, at most 3 run at a time, and the makespan is ceil(10/3) = 4
    expect(r.output).toStrictEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(r.makespanSeconds).toBe(4);
    expect(calls.map((c) => c.itemIndex)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.attempts.map((a) => a.start)).toStrictEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
  });

  test('Map with the legacy Iterator and Parameters, $$.Map.Item.Index and Value', async () => {
    // GIVEN a Map building each item input from the context object
    const def = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map', ItemsPath: '$.xs', ResultPath: '$.out', End: true,
          Parameters: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
          Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        },
      },
    };
    // WHEN it runs
    const r = await runExecution(def, { xs: ['a', 'b'], tag: 't' }, stubLambda());
    // THEN each item saw its index, value and the Map input
    expect(r.output).toStrictEqual({ xs: ['a', 'b'], tag: 't', out: [{ index: 0, value: 'a', tag: 't' }, { index: 1, value: 'b', tag: 't' }] });
  });

  test('Map whose ItemsPath is not an array fails with States.Runtime', async () => {
    // GIVEN a Map over an object
    const def = { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.xs', End: true, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } } };
    // WHEN it runs
    const r = await runExecution(def, { xs: { a: 1 } }, stubLambda());
    // THEN it fails, naming the path
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'States.Runtime',
      "An error occurred while executing the state 'M' (entered at the event id #2). Invalid path '$.xs': The ItemsPath field refers to a value that is not a JSON array: {\"a\":1}"]);
  });
});

describe('Retry, Catch and timeouts', () => {
  const failing = (times: number, error = 'TransientError', durationSeconds = 1) => stubLambda((req) => {
    if (req.attempt < times) throw lambdaError(error, `attempt ${req.attempt} failed`, durationSeconds);
    return { ok: req.attempt };
  }, durationSeconds);

  test('JitterStrategy NONE: exact backoff timings (1 + 2 + 1 + 4 + 1 = 9 s)', async () => {
    // GIVEN IntervalSeconds 2, BackoffRate 2, MaxAttempts 2 and a task failing twice, 1 s per attempt
    const def = oneTask({ Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 2, JitterStrategy: 'NONE' }] });
    // WHEN it runs
    const r = await runExecution(def, {}, failing(2));
    // THEN the third attempt succeeds at 9 s, after waits of 2 s and 4 s
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual({ ok: 2 });
    expect(r.makespanSeconds).toBe(9);
    expect(timing(r.attempts)).toStrictEqual([
      { state: 'T', attempt: 0, start: 0, end: 1, status: 'FAILED' },
      { state: 'T', attempt: 1, start: 3, end: 4, status: 'FAILED' },
      { state: 'T', attempt: 2, start: 8, end: 9, status: 'SUCCEEDED' },
    ]);
  });

  test('Retry defaults: IntervalSeconds 1, BackoffRate 2, MaxAttempts 3', async () => {
    // GIVEN a retrier with only ErrorEquals and a task failing 3 times, 1 s per attempt
    const def = oneTask({ Retry: [{ ErrorEquals: ['TransientError'] }] });
    // WHEN it runs
    const r = await runExecution(def, {}, failing(3));
    // THEN the waits were 1, 2 and 4 s and the fourth attempt succeeded at 11 s
    expect(r.attempts.map((a) => a.start)).toStrictEqual([0, 2, 5, 10]);
    expect([r.status, r.makespanSeconds]).toStrictEqual(['SUCCEEDED', 11]);
  });

  test('MaxAttempts exhausted: the execution fails with the last error', async () => {
    // GIVEN MaxAttempts 2 and a task that always fails
    const def = oneTask({ Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 2 }] });
    // WHEN it runs
    const r = await runExecution(def, {}, failing(99));
    // THEN it made 3 attempts (1 + 2 retries) and failed with the handler's error
    expect(r.attempts.length).toBe(3);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('TransientError');
    expect(r.cause).toBe(JSON.stringify({ errorMessage: 'attempt 2 failed', errorType: 'TransientError' }));
    expect(r.makespanSeconds).toBe(5);
  });

  test('MaxAttempts 0 never retries; a non-matching retrier is skipped', async () => {
    // GIVEN a retrier for another error, then one with MaxAttempts 0
    const def = oneTask({ Retry: [{ ErrorEquals: ['Other'], MaxAttempts: 5 }, { ErrorEquals: ['TransientError'], MaxAttempts: 0 }] });
    // WHEN the task fails once
    const r = await runExecution(def, {}, failing(1));
    // THEN there was one attempt only
    expect([r.status, r.attempts.length]).toStrictEqual(['FAILED', 1]);
  });

  test('FULL jitter: each wait lies within [0, backoff] and the same seed gives the same timings', async () => {
    // GIVEN FULL jitter with IntervalSeconds 4, BackoffRate 2 and a task failing 3 times
    const def = oneTask({ Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 4, BackoffRate: 2, MaxAttempts: 3, JitterStrategy: 'FULL' }] });
    // WHEN it runs twice with seed 7 and once with seed 8
    const a = await runExecution(def, {}, { ...failing(3), seed: 7 });
    const b = await runExecution(def, {}, { ...failing(3), seed: 7 });
    const c = await runExecution(def, {}, { ...failing(3), seed: 8 });
    // THEN every wait is within its bound, same seed → same timings, another seed → other timings
    const waits = (r: typeof a) => r.attempts.slice(1).map((x, i) => x.start - r.attempts[i].end);
    const bounds = [4, 8, 16];
    for (const r of [a, b, c]) {
      expect(r.status).toBe('SUCCEEDED');
      waits(r).forEach((w, i) => {
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(bounds[i]);
      });
    }
    expect(timing(b.attempts)).toStrictEqual(timing(a.attempts));
    expect(b.makespanSeconds).toBe(a.makespanSeconds);
    expect(waits(c)).not.toStrictEqual(waits(a));
  });

  test('MaxDelaySeconds caps the backoff', async () => {
    // GIVEN IntervalSeconds 10, BackoffRate 3, MaxDelaySeconds 15 and a task failing 3 times
    const def = oneTask({ Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 15 }] });
    // WHEN it runs
    const r = await runExecution(def, {}, failing(3));
    // THEN the waits are 10, 15 (not 30) and 15 (not 90): 4 × 1 s + 40 s
    expect(r.attempts.map((a) => a.start)).toStrictEqual([0, 11, 27, 43]);
    expect(r.makespanSeconds).toBe(44);
  });

  test('Catch with ResultPath keeps the input and adds Error and Cause', async () => {
    // GIVEN a Task failing with ValidationError, caught into $.error
    const def = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['ValidationError'], ResultPath: '$.error', Next: 'Handle' }], End: true },
        Handle: { Type: 'Pass', End: true },
      },
    };
    // WHEN it runs
    const r = await runExecution(def, { order: 7 }, failing(1, 'ValidationError'));
    // THEN Handle receives the input with the error
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual({ order: 7, error: { Error: 'ValidationError', Cause: JSON.stringify({ errorMessage: 'attempt 0 failed', errorType: 'ValidationError' }) } });
  });

  test('Catch without ResultPath replaces the input with the error; the first matching catcher wins', async () => {
    // GIVEN two catchers both matching
    const def = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, End: true, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'A' }, { ErrorEquals: ['States.ALL'], Next: 'B' }] },
        A: { Type: 'Pass', Result: 'A', ResultPath: '$.via', End: true },
        B: { Type: 'Pass', Result: 'B', ResultPath: '$.via', End: true },
      },
    };
    // WHEN the task fails
    const r = await runExecution(def, { order: 7 }, failing(1, 'Boom'));
    // THEN the first catcher handles it and the error object is the new input
    expect((r.output as { via: string }).via).toBe('A');
    expect(Object.keys(r.output as object)).toStrictEqual(['Error', 'Cause', 'via']);
  });

  test('TimeoutSeconds: a task longer than its timeout fails with States.Timeout at the timeout', async () => {
    // GIVEN a Task with TimeoutSeconds 5 whose call lasts 10 s
    const { invokeLambda } = stubLambda(() => 'late', 10);
    // WHEN it runs
    const r = await runExecution(oneTask({ TimeoutSeconds: 5 }), {}, { invokeLambda });
    // THEN it fails with States.Timeout after 5 s
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'States.Timeout', '']);
    expect(r.makespanSeconds).toBe(5);
    expect(timing(r.attempts)).toStrictEqual([{ state: 'T', attempt: 0, start: 0, end: 5, status: 'FAILED' }]);
    expect(r.history.map((e) => e.type)).toContain('TaskTimedOut');
  });

  test('TimeoutSeconds: States.TaskFailed does not catch States.Timeout, States.Timeout does', async () => {
    // GIVEN one machine catching States.TaskFailed and one catching States.Timeout
    const catching = (error: string) => ({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FN, TimeoutSeconds: 2, End: true, Catch: [{ ErrorEquals: [error], Next: 'C' }] }, C: { Type: 'Pass', End: true } },
    });
    const { invokeLambda } = stubLambda(() => 'late', 3);
    // WHEN both run a 3 s task
    const a = await runExecution(catching('States.TaskFailed'), {}, { invokeLambda });
    const b = await runExecution(catching('States.Timeout'), {}, { invokeLambda });
    // THEN only the second is caught
    expect([a.status, a.error]).toStrictEqual(['FAILED', 'States.Timeout']);
    expect(b.output).toStrictEqual({ Error: 'States.Timeout', Cause: '' });
  });

  test('a failing handler whose attempt exceeds TimeoutSeconds also times out', async () => {
    // GIVEN a handler that fails after 8 s and a 4 s timeout
    const { invokeLambda } = stubLambda(() => { throw lambdaError('Slow', 'slow failure', 8); });
    // WHEN it runs
    const r = await runExecution(oneTask({ TimeoutSeconds: 4 }), {}, { invokeLambda });
    // THEN the error is States.Timeout at 4 s
    expect([r.error, r.makespanSeconds]).toStrictEqual(['States.Timeout', 4]);
  });
});

describe('input and output processing', () => {
  test('InputPath, Parameters, ResultSelector, ResultPath and OutputPath apply in order', async () => {
    // GIVEN a Task using all five fields
    const def = oneTask({
      InputPath: '$.job',
      Parameters: { 'id.$': '$.id', fixed: 1, nested: { 'copy.$': '$.id' } },
      ResultSelector: { 'value.$': '$.result' },
      ResultPath: '$.out',
      OutputPath: '$.out',
    });
    const { invokeLambda, calls } = stubLambda(() => ({ result: 42, noise: 'x' }));
    // WHEN it runs
    const r = await runExecution(def, { job: { id: 'j1' }, keep: true }, { invokeLambda });
    // THEN the Lambda got the Parameters and the output is the selected result
    expect(calls[0].payload).toStrictEqual({ id: 'j1', fixed: 1, nested: { copy: 'j1' } });
    expect(r.output).toStrictEqual({ value: 42 });
  });

  test('ResultPath applies to the raw input (before InputPath); ResultPath null discards the result', async () => {
    // GIVEN a Task with InputPath + ResultPath and then a Task with ResultPath null
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: FN, InputPath: '$.job', ResultPath: '$.a', Next: 'B' },
        B: { Type: 'Task', Resource: FN, ResultPath: null, End: true },
      },
    };
    const { invokeLambda } = stubLambda(() => 'result');
    // WHEN it runs
    const r = await runExecution(def, { job: { id: 'j1' } }, { invokeLambda });
    // THEN A's result sits next to the whole input and B's result is discarded
    expect(r.output).toStrictEqual({ job: { id: 'j1' }, a: 'result' });
  });

  test('InputPath and OutputPath null give an empty object', async () => {
    // GIVEN a Pass with InputPath null then a Pass with OutputPath null
    const def = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', InputPath: null, ResultPath: '$.seen', Next: 'B' }, B: { Type: 'Pass', OutputPath: null, End: true } },
    };
    // WHEN it runs
    const a = await runExecution({ StartAt: 'A', States: { A: { ...def.States.A, Next: undefined, End: true } } }, { x: 1 }, stubLambda());
    const b = await runExecution(def, { x: 1 }, stubLambda());
    // THEN A saw {} and B outputs {}
    expect(a.output).toStrictEqual({ x: 1, seen: {} });
    expect(b.output).toStrictEqual({});
  });

  test('a missing InputPath field fails with States.Runtime', async () => {
    // GIVEN a Pass reading $.nope
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.nope', End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it fails
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'States.Runtime', "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']"]);
  });

  test('context object: $$.Execution.Id, $$.Execution.Name, $$.State.Name, $$.StateMachine.Name', async () => {
    // GIVEN a Pass rendering context fields, a named execution of workflow "wf"
    const def = {
      StartAt: 'Ctx',
      States: { Ctx: { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id', 'name.$': '$$.Execution.Name', 'state.$': '$$.State.Name', 'machine.$': '$$.StateMachine.Name', 'in.$': '$$.Execution.Input.v' }, End: true } },
    };
    // WHEN it runs
    const r = await runExecution(def, { v: 3 }, { ...stubLambda(), executionName: 'run-1', workflowName: 'wf' });
    // THEN the values follow the local ARN scheme
    expect(r.executionId).toBe('arn:aws:states:local:000000000000:execution:wf:run-1');
    expect(r.output).toStrictEqual({ id: 'arn:aws:states:local:000000000000:execution:wf:run-1', name: 'run-1', state: 'Ctx', machine: 'wf', in: 3 });
  });

  test('context object: $$.State.RetryCount in Parameters counts the retries', async () => {
    // GIVEN a Task passing its RetryCount and failing twice
    const def = oneTask({ Parameters: { 'retry.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3 }] });
    const { invokeLambda, calls } = stubLambda((req) => {
      if (req.attempt < 2) throw lambdaError('TransientError', 'again');
      return req.payload;
    });
    // WHEN it runs
    const r = await runExecution(def, {}, { invokeLambda });
    // THEN each attempt saw 0, 1, 2
    expect(calls.map((c) => c.payload)).toStrictEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
    expect(r.output).toStrictEqual({ retry: 2 });
  });

  test('the default execution name is derived from the seed', async () => {
    // GIVEN no executionName
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    // WHEN it runs twice with the same seed and once with another
    const [a, b, c] = await Promise.all([1, 1, 2].map((seed) => runExecution(def, {}, { ...stubLambda(), seed })));
    // THEN the ids are equal for the same seed only, and UUID-shaped
    expect(a.executionId).toBe(b.executionId);
    expect(a.executionId).not.toBe(c.executionId);
    expect(a.executionId).toMatch(/^arn:aws:states:local:000000000000:execution:local:exec-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('unsupported constructs reject, naming the state', () => {
  const cases: [string, object, string][] = [
    ['unknown state Type', { StartAt: 'Odd', States: { Odd: { Type: 'Teleport', End: true } } }, 'state "Odd": state type Teleport is not supported by the dagstep local engine'],
    ['unknown field Arguments', { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, Arguments: {}, End: true } } }, 'state "T": field Arguments on a Task state is not supported by the dagstep local engine'],
    ['unknown Resource', { StartAt: 'Q', States: { Q: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun', End: true } } }, 'state "Q": Resource arn:aws:states:::glue:startJobRun is not supported by the dagstep local engine'],
    ['non-ARN Resource', { StartAt: 'Q', States: { Q: { Type: 'Task', Resource: 'my-function', End: true } } }, 'state "Q": Resource my-function is not supported by the dagstep local engine'],
    ['a JSONPath field on a JSONata state', { StartAt: 'J', States: { J: { Type: 'Task', QueryLanguage: 'JSONata', Resource: 'arn:aws:lambda:us-east-1:1:function:f', ResultPath: '$.x', End: true } } }, 'state "J": field ResultPath on a JSONata Task state is not supported by the dagstep local engine'],
    ['Parameters in a JSONata machine', { QueryLanguage: 'JSONata', StartAt: 'J', States: { J: { Type: 'Pass', Parameters: {}, End: true } } }, 'state "J": field Parameters on a JSONata Pass state is not supported by the dagstep local engine'],
  ];

  test.each(cases)('%s', async (_name, def, message) => {
    // GIVEN a definition using the construct
    // WHEN it runs
    const run = runExecution(def, {}, stubLambda());
    // THEN the promise rejects with an UnsupportedError naming the state
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.toMatchObject({ name: 'UnsupportedError' });
  });

  test('an unsupported construct inside a Parallel branch rejects too, despite Retry and Catch', async () => {
    // GIVEN an unknown field inside a branch of a Parallel with Retry and Catch on States.ALL
    const def = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel', End: true,
          Retry: [{ ErrorEquals: ['States.ALL'] }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }],
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Arguments: {}, End: true } } }],
        },
        C: { Type: 'Pass', End: true },
      },
    };
    // WHEN it runs
    // THEN it rejects naming the inner state
    await expect(runExecution(def, {}, stubLambda())).rejects.toThrow('state "B": field Arguments on a Pass state');
  });
});

describe('execution timeout, history and transitions', () => {
  test('execution TimeoutSeconds gives TIMED_OUT at the timeout', async () => {
    // GIVEN a machine with TimeoutSeconds 30 waiting 100 s
    const def = { TimeoutSeconds: 30, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100, Next: 'After' }, After: { Type: 'Pass', End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it timed out at 30 s and the last event says so
    expect([r.status, r.error, r.makespanSeconds]).toStrictEqual(['TIMED_OUT', 'States.Timeout', 30]);
    expect(r.history[r.history.length - 1].type).toBe('ExecutionTimedOut');
    expect(r.history.some((e) => e.stateName === 'After')).toBe(false);
  });

  test('an execution that finishes before TimeoutSeconds succeeds', async () => {
    // GIVEN TimeoutSeconds 30 and a 10 s wait
    const def = { TimeoutSeconds: 30, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } };
    // WHEN it runs
    const r = await runExecution(def, { a: 1 }, stubLambda());
    // THEN it succeeded at 10 s
    expect([r.status, r.makespanSeconds, r.output]).toStrictEqual(['SUCCEEDED', 10, { a: 1 }]);
  });

  test('history: ExecutionStarted first, ExecutionSucceeded last, ids chained; transitions count states entered', async () => {
    // GIVEN Pass → Task → Succeed
    const def = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Next: 'T' }, T: { Type: 'Task', Resource: FN, Next: 'S' }, S: { Type: 'Succeed' } },
    };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN the history is the expected sequence with simulated timestamps
    expect(r.history.map((e) => [e.type, e.stateName ?? null])).toStrictEqual([
      ['ExecutionStarted', null],
      ['PassStateEntered', 'P'], ['PassStateExited', 'P'],
      ['TaskStateEntered', 'T'], ['TaskScheduled', 'T'], ['TaskStarted', 'T'], ['TaskSucceeded', 'T'], ['TaskStateExited', 'T'],
      ['SucceedStateEntered', 'S'], ['SucceedStateExited', 'S'],
      ['ExecutionSucceeded', null],
    ]);
    expect(r.history.map((e) => e.id)).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r.history.map((e) => e.previousEventId)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.history[0].timestamp).toBe('2026-01-01T00:00:00.000Z');
    expect(r.history[10].timestamp).toBe('2026-01-01T00:00:01.000Z');
    expect(r.historyEvents).toBe(11);
    expect(r.transitions).toBe(3);
    expect([r.startTime, r.stopTime]).toStrictEqual([0, 1]);
  });

  test('a failed execution ends with ExecutionFailed', async () => {
    // GIVEN a Fail state
    const def = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN the last event carries the error
    expect(r.history[r.history.length - 1]).toStrictEqual({ id: 3, previousEventId: 2, timestamp: '2026-01-01T00:00:00.000Z', type: 'ExecutionFailed', error: 'E', cause: 'C' });
  });

  test('keepHistory false keeps the counts only', async () => {
    // GIVEN the same Map run with and without history
    const def = {
      StartAt: 'M',
      States: { M: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } } } },
    };
    // WHEN it runs both ways
    const kept = await runExecution(def, [1, 2, 3], stubLambda());
    const counted = await runExecution(def, [1, 2, 3], { ...stubLambda(), keepHistory: false });
    // THEN the counts are equal and no events are kept
    expect(counted.history).toStrictEqual([]);
    expect(counted.historyEvents).toBe(kept.historyEvents);
    expect(kept.historyEvents).toBe(kept.history.length);
    expect(counted.transitions).toBe(4);
    expect(kept.transitions).toBe(4);
    expect(counted.output).toStrictEqual([1, 2, 3]);
  });

  test('a definition given as a JSON string runs the same', async () => {
    // GIVEN the definition as a string
    const def = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 'ok', End: true } } });
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it succeeds
    expect(r.output).toBe('ok');
  });

  test('a Next to a missing state fails with States.Runtime', async () => {
    // GIVEN a dangling Next
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', Next: 'Nowhere' } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it fails
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'States.Runtime', 'state "Nowhere" does not exist']);
  });
});

/** A DISTRIBUTED Map of one Task, with the given tolerance, and a Lambda stub failing the 'bad' items. */
const distributedMap = (tolerance: object) => ({
  def: { StartAt: 'M', States: { M: { Type: 'Map', ...tolerance, End: true, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } } } } },
  invokeLambda: stubLambda((req) => { if (req.payload === 'bad') throw lambdaError('Boom', 'x'); return 'ok'; }).invokeLambda,
});

describe('known deviations from Step Functions (engine bugs, expected to fail until fixed)', () => {
  // BUG: errorMatches lets States.ALL match every error, including States.Runtime raised while
  // rendering Parameters / ResultSelector / ResultPath / OutputPath inside runWithRetry. Step Functions
  // documents that States.Runtime is neither retriable nor catchable, even by States.ALL: the
  // execution must fail. Here the Catch swallows it and the execution succeeds.
  test('a States.Runtime error is not caught by a States.ALL catcher', async () => {
    // GIVEN a Task whose Parameters read a missing field, with Catch on States.ALL
    const def = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, Parameters: { 'x.$': '$.missing' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
        C: { Type: 'Pass', End: true },
      },
    };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN the execution fails with States.Runtime
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'States.Runtime']);
  });

  // BUG: same root cause as above, for Retry: the States.Runtime error is retried MaxAttempts
  // times (here 1 + 2 = 3 s of simulated backoff) before the execution fails; it should fail at once.
  test('a States.Runtime error is not retried by a States.ALL retrier', async () => {
    // GIVEN the same Task with Retry on States.ALL
    const def = oneTask({ Parameters: { 'x.$': '$.missing' }, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }] });
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it fails immediately
    expect([r.status, r.error, r.makespanSeconds]).toStrictEqual(['FAILED', 'States.Runtime', 0]);
  });

  // BUG: runMap's workers swallow iteration errors and the Map awaits Promise.all(workers), so a
  // failing iteration only fails the Map once every in-flight iteration has finished (and those keep
  // running their following states). Step Functions fails the Map (and stops the other iterations)
  // as soon as one iteration fails, so the failure should happen at 1 s, not 10 s.
  test('a Map fails as soon as one iteration fails, not after the slowest in-flight iteration', async () => {
    // GIVEN two items: the first fails after 1 s, the second takes 10 s
    const def = { StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } } } } };
    const invokeLambda = async (req: { payload: unknown }) => {
      if (req.payload === 'bad') throw lambdaError('Boom', 'bad item', 1);
      return { payload: 'ok', durationSeconds: 10 };
    };
    // WHEN it runs
    const r = await runExecution(def, ['bad', 'slow'], { invokeLambda });
    // THEN the execution fails at 1 s
    expect([r.status, r.error, r.makespanSeconds]).toStrictEqual(['FAILED', 'Boom', 1]);
  });

  test('a DISTRIBUTED Map over its ToleratedFailurePercentage fails with States.ExceedToleratedFailureThreshold', async () => {
    // GIVEN 2 of 3 items failing and a 40 % tolerance
    const { def, invokeLambda } = distributedMap({ ToleratedFailurePercentage: 40 });
    // WHEN it runs
    const r = await runExecution(def, ['bad', 'bad', 'good'], { invokeLambda });
    // THEN the threshold error is raised
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'States.ExceedToleratedFailureThreshold', 'Map "M": 2 of 3 items failed']);
  });

  test('a DISTRIBUTED Map within its tolerance succeeds with the error of each failed item', async () => {
    // GIVEN 1 of 3 items failing and a 50 % tolerance
    const { def, invokeLambda } = distributedMap({ ToleratedFailurePercentage: 50 });
    // WHEN it runs
    const r = await runExecution(def, ['good', 'bad', 'good'], { invokeLambda });
    // THEN the Map succeeds
    expect([r.status, (r.output as unknown[]).map((o) => (typeof o === 'object' && o !== null ? Object.keys(o) : o))]).toStrictEqual(['SUCCEEDED', ['ok', ['Error', 'Cause'], 'ok']]);
  });

  // BUG: runMap only raises States.ExceedToleratedFailureThreshold when ToleratedFailurePercentage
  // is set (`(tolerated ?? 0) > 0`); with ToleratedFailureCount alone, `tolerated` is undefined and
  // the Map rethrows the failing item's own error instead of the threshold error.
  test('a DISTRIBUTED Map over its ToleratedFailureCount fails with States.ExceedToleratedFailureThreshold', async () => {
    // GIVEN 2 of 3 items failing and ToleratedFailureCount 1
    const { def, invokeLambda } = distributedMap({ ToleratedFailureCount: 1 });
    // WHEN it runs
    const r = await runExecution(def, ['bad', 'bad', 'good'], { invokeLambda });
    // THEN the threshold error is raised
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'States.ExceedToleratedFailureThreshold']);
  });

  // BUG: scope() computes $$.State.EnteredTime from the clock at the time the template is rendered,
  // so a retried Task sees the retry time (00:00:03 here) instead of the time the state was entered.
  test('$$.State.EnteredTime stays the state entry time across retries', async () => {
    // GIVEN a Task passing EnteredTime, failing once (1 s) then retried after 2 s
    const def = oneTask({ Parameters: { 't.$': '$$.State.EnteredTime' }, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2 }] });
    const { invokeLambda, calls } = stubLambda((req) => { if (req.attempt === 0) throw lambdaError('Boom', 'x'); return 'ok'; });
    // WHEN it runs
    await runExecution(def, {}, { invokeLambda });
    // THEN both attempts saw the entry time
    expect(calls.map((c) => c.payload)).toStrictEqual([{ t: '2026-01-01T00:00:00.000Z' }, { t: '2026-01-01T00:00:00.000Z' }]);
  });

  test('execution TimeoutSeconds also ends a run waiting on a task token', async () => {
    // GIVEN a waitForTaskToken task nobody releases, under a 20 s execution timeout
    const def = { TimeoutSeconds: 20, StartAt: 'W', States: { W: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken', Parameters: { TableName: 't', Key: { k: 1 }, Item: { k: 1 } }, End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it times out at 20 s instead of being reported stuck
    expect([r.status, r.makespanSeconds]).toStrictEqual(['TIMED_OUT', 20]);
  });
});

describe('HeartbeatSeconds', () => {
  test('a Lambda task running longer than HeartbeatSeconds fails with States.HeartbeatTimeout at the heartbeat', async () => {
    // GIVEN a 30 s task with a 10 s heartbeat (Lambda sends none)
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', TimeoutSeconds: 60, HeartbeatSeconds: 10, End: true } } };
    // WHEN
    const r = await runExecution(def, {}, { invokeLambda: async () => ({ payload: 1, durationSeconds: 30 }) });
    // THEN
    expect([r.status, r.error, r.makespanSeconds]).toStrictEqual(['FAILED', 'States.HeartbeatTimeout', 10]);
  });
});

describe('engine API: mockTask, abortAfterSeconds, 256 KB limit, RedriveCount', () => {
  test('mockTask answers a Task before the built-in integrations; undefined falls through', async () => {
    // GIVEN two Lambda tasks, of which the mock answers only A
    const def = { StartAt: 'A', States: { A: { Type: 'Task', Resource: FN, ResultPath: '$.a', Next: 'B' }, B: { Type: 'Task', Resource: FN, ResultPath: '$.b', End: true } } };
    const { invokeLambda, calls } = stubLambda(() => 'from-lambda');
    const seen: string[] = [];
    // WHEN it runs
    const r = await runExecution(def, {}, {
      invokeLambda,
      mockTask: async (call) => { seen.push(`${call.stateName}:${call.resource}`); return call.stateName === 'A' ? { output: 'mocked', durationSeconds: 2 } : undefined; },
    });
    // THEN A got the mocked output (taking 2 s), B went to the Lambda
    expect(r.output).toStrictEqual({ a: 'mocked', b: 'from-lambda' });
    expect(seen).toStrictEqual([`A:${FN}`, `B:${FN}`]);
    expect(calls.map((c) => c.stateName)).toStrictEqual(['B']);
    expect(r.makespanSeconds).toBe(3);
  });

  test('mockTask serves a resource without a built-in integration; a thrown error is the task error', async () => {
    // GIVEN an SNS publish task (no built-in integration) caught on Custom.Err
    const def = { StartAt: 'Pub', States: {
      Pub: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { 'Message.$': '$.m' }, Catch: [{ ErrorEquals: ['Custom.Err'], Next: 'Caught' }], End: true },
      Caught: { Type: 'Pass', End: true },
    } };
    const ok = { ...stubLambda(), mockTask: async () => ({ output: { MessageId: 'm-1' }, durationSeconds: 0 }) };
    const failing = { ...stubLambda(), mockTask: async () => { throw Object.assign(new Error('boom'), { name: 'Custom.Err' }); } };
    // WHEN it runs with a returning and with a throwing mock, and with none
    const good = await runExecution(def, { m: 'hi' }, ok);
    const caught = await runExecution(def, { m: 'hi' }, failing);
    const none = runExecution(def, { m: 'hi' }, stubLambda());
    // THEN the mock's output is the result; the error is caught by name; no mock names the state and resource
    expect(good.output).toStrictEqual({ MessageId: 'm-1' });
    expect(caught.output).toStrictEqual({ Error: 'Custom.Err', Cause: '{"errorMessage":"boom","errorType":"Custom.Err"}' });
    await expect(none).rejects.toThrow('state "Pub": Resource arn:aws:states:::sns:publish is not supported by the dagstep local engine');
  });

  test('abortAfterSeconds ends the execution ABORTED at that simulated time, with no error', async () => {
    // GIVEN a 100 s Wait
    const def = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100, End: true } } };
    // WHEN it is aborted after 30 s
    const r = await runExecution(def, {}, { ...stubLambda(), abortAfterSeconds: 30 });
    // THEN status ABORTED, no error/cause/output, history ends with ExecutionAborted at 30 s
    expect({ status: r.status, error: r.error, cause: r.cause, output: r.output, stop: r.stopTime }).toStrictEqual({ status: 'ABORTED', error: undefined, cause: undefined, output: undefined, stop: 30 });
    expect(r.history[r.history.length - 1].type).toBe('ExecutionAborted');
  });

  test('an oversized task result is States.DataLimitExceeded, caught by States.ALL (as AWS recorded) but not States.TaskFailed', async () => {
    // GIVEN a Lambda returning 300 KB and catchers for States.ALL or States.TaskFailed
    // (source: localstack tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json, AWS-recorded)
    const big = () => 'x'.repeat(300_000);
    const catching = (error: string) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true, Catch: [{ ErrorEquals: [error], Next: 'C' }] }, C: { Type: 'Pass', End: true } } });
    // WHEN both run
    const a = await runExecution(catching('States.ALL'), {}, stubLambda(big));
    const b = await runExecution(catching('States.TaskFailed'), {}, stubLambda(big));
    // THEN States.ALL catches it, States.TaskFailed does not; the cause names the Lambda function
    const cause = `The state/task '${FN}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    expect({ status: a.status, output: a.output }).toStrictEqual({ status: 'SUCCEEDED', output: { Error: 'States.DataLimitExceeded', Cause: cause } });
    expect({ status: b.status, error: b.error, cause: b.cause }).toStrictEqual({ status: 'FAILED', error: 'States.DataLimitExceeded', cause });
  });

  test('an oversized task payload and an oversized state output are States.DataLimitExceeded', async () => {
    // GIVEN a Task sending a 200 KB field twice and a Pass whose Result is 270 KB
    const payload = oneTask({ Parameters: { 'a.$': '$.s', 'b.$': '$.s' } });
    const pass = { StartAt: 'P', States: { P: { Type: 'Pass', Result: 'y'.repeat(270_000), End: true } } };
    const { invokeLambda, calls } = stubLambda();
    // WHEN they run
    const a = await runExecution(payload, { s: 'x'.repeat(200_000) }, { invokeLambda });
    const b = await runExecution(pass, {}, stubLambda());
    // THEN both fail with States.DataLimitExceeded and the Lambda is never called
    expect([a.error, b.error]).toStrictEqual(['States.DataLimitExceeded', 'States.DataLimitExceeded']);
    expect(calls).toStrictEqual([]);
  });

  test('multi-byte characters count as UTF-8 bytes against the 256 KB limit', async () => {
    // GIVEN a Pass outputting 100,000 three-byte characters (300 KB of UTF-8, 100,002 JSON chars)
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', Result: '€'.repeat(100_000), End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN the limit is exceeded
    expect(r.error).toBe('States.DataLimitExceeded');
  });

  test('$$.Execution.RedriveCount is 0 by default and RunOptions.redriveCount otherwise', async () => {
    // GIVEN a Pass reading the redrive count
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'n.$': '$$.Execution.RedriveCount' }, End: true } } };
    // WHEN it runs without and with redriveCount
    const a = await runExecution(def, {}, stubLambda());
    const b = await runExecution(def, {}, { ...stubLambda(), redriveCount: 2 });
    // THEN the counts are 0 and 2
    expect([a.output, b.output]).toStrictEqual([{ n: 0 }, { n: 2 }]);
  });
});

describe('bounded runs', () => {
  test('a catastrophically backtracking regular expression fails with States.QueryEvaluationError instead of hanging', async () => {
    // GIVEN a JSONata Pass matching /(a+)+$/ against a string it would backtrack on for hours
    const def = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: "{% $match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/) %}", End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, stubLambda());
    // THEN it fails at once, naming the pattern
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'States.QueryEvaluationError']);
    expect(r.cause).toContain('the regular expression /(a+)+$/ nests unbounded quantifiers');
  });

  test('Parallels nested deeper than MAX_NESTING fail with States.Runtime', async () => {
    // GIVEN 250 Parallels nested in one another
    let m: object = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    for (let i = 0; i < 250; i++) m = { StartAt: 'N', States: { N: { Type: 'Parallel', Branches: [m], End: true } } };
    // WHEN it runs
    const r = await runExecution(m, {}, stubLambda());
    // THEN a clean States.Runtime, no RangeError
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'States.Runtime',
      "An error occurred while executing the state 'N' (entered at the event id #402). the local engine runs Parallel and Map states nested at most 200 deep"]);
  });

  test('an input nested 100,000 deep is a clean States.Runtime, not a crash', async () => {
    // GIVEN an input of 100,000 nested arrays (200 KB, under the payload quota) and a Pass reading it
    const input = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': '$' }, End: true } } };
    // WHEN it runs
    const r = await runExecution(def, input, stubLambda());
    // THEN it ends FAILED with States.Runtime
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'States.Runtime']);
  });

  test('a loop without end is stopped with States.Runtime instead of hanging', async () => {
    // GIVEN two Pass states sending to each other forever
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } };
    // WHEN it runs as an EXPRESS execution (no history quota), keeping every history event
    const r = await runExecution(def, {}, { ...stubLambda(), type: 'EXPRESS' });
    // THEN it fails once the (kept-history) event guard is reached
    expect([r.status, r.error, r.cause, r.stoppedBy]).toStrictEqual(['FAILED', 'States.Runtime',
      'the local engine stopped the execution after 500000 history events (a loop without end?)', 'LoopGuard']);
  });
});
