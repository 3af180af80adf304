import { runExecution } from '../../lib/local/engine';
import { StatesError } from '../../lib/local/errors';
import { FAULT_ERRORS, FaultSyntaxError, injectFaults, parseFault, raise, randomFaults, taskOf } from '../../lib/local/faults';
import type { LambdaInvoker } from '../../lib/local/integrations';
import { FN } from './private/stubs';

const ok: LambdaInvoker = async (req) => ({ payload: { ran: req.stateName, attempt: req.attempt }, durationSeconds: 1 });
const req = (over: Partial<Parameters<LambdaInvoker>[0]> = {}) => ({ functionName: FN, payload: {}, stateName: 'T', attempt: 0, ...over });
/** What an invoker call throws, as name + durationSeconds. */
const thrown = async (p: Promise<unknown>) => {
  try { await p; } catch (e) { return { name: (e as Error).name, durationSeconds: (e as { durationSeconds?: number }).durationSeconds }; }
  return undefined;
};

describe('parseFault', () => {
  test('parses <task>=<kind>[:<times>]', () => {
    // GIVEN valid specs
    // WHEN parsed
    // THEN id, kind and times are returned
    expect(parseFault('extract=transient:2')).toStrictEqual({ taskId: 'extract', kind: 'transient', times: 2 });
    expect(parseFault('load_2-b=timeout')).toStrictEqual({ taskId: 'load_2-b', kind: 'timeout', times: undefined });
  });

  test('rejects malformed specs and unknown kinds with a FaultSyntaxError', () => {
    // GIVEN bad specs
    // WHEN parsed
    // THEN the message says what was expected
    expect(() => parseFault('extract')).toThrow(new FaultSyntaxError('--fail extract: expected <taskId>=<transient|validation|resource|upstream|permanent|timeout>[:<times>]'));
    expect(() => parseFault('1x=transient')).toThrow('--fail 1x=transient: expected <taskId>=');
    expect(() => parseFault('x=boom')).toThrow('--fail x=boom: unknown kind "boom", expected one of transient|validation|resource|upstream|permanent|timeout');
    expect(() => parseFault('x=boom')).toThrow(FaultSyntaxError);
  });
});

describe('taskOf and raise', () => {
  test('taskOf prefers the payload context.taskId over the state name', () => {
    // GIVEN requests with and without a context.taskId
    // WHEN resolved
    // THEN the task id is picked accordingly
    expect(taskOf({ payload: { context: { taskId: 'extract' } }, stateName: 'Map' })).toBe('extract');
    expect(taskOf({ payload: { context: { taskId: 7 } }, stateName: 'S' })).toBe('S');
    expect(taskOf({ payload: null, stateName: 'S' })).toBe('S');
  });

  test('raise throws the kind’s error name with the attempt duration', () => {
    // GIVEN every kind but timeout
    // WHEN raised
    // THEN the error carries the mapped name and the duration
    for (const kind of ['transient', 'validation', 'resource', 'upstream', 'permanent'] as const) {
      let caught: unknown;
      try { raise(kind, 3); } catch (e) { caught = e; }
      expect([(caught as Error).name, (caught as Error).message, (caught as { durationSeconds: number }).durationSeconds]).toStrictEqual([FAULT_ERRORS[kind], `injected ${kind} failure`, 3]);
    }
  });

  test('raise timeout throws States.Timeout lasting just past the timeout', () => {
    // GIVEN a timeout of 30 s, and none
    // WHEN raised
    // THEN the StatesError lasts 31 s (61 s by default)
    for (const [t, d] of [[30, 31], [undefined, 61]] as const) {
      let caught: unknown;
      try { raise('timeout', 1, t); } catch (e) { caught = e; }
      expect(caught).toBeInstanceOf(StatesError);
      expect([(caught as StatesError).error, (caught as { durationSeconds: number }).durationSeconds]).toStrictEqual(['States.Timeout', d]);
    }
  });
});

describe('injectFaults', () => {
  test('fails only the named task, only its first `times` attempts', async () => {
    // GIVEN transform=transient:2
    const invoke = injectFaults(ok, [parseFault('transform=transient:2')], () => 4);
    // WHEN attempts 0..2 of transform and attempt 0 of load are made
    // THEN attempts 0 and 1 fail (4 s each), 2 and load pass through
    expect(await thrown(invoke(req({ stateName: 'transform', attempt: 0 })))).toStrictEqual({ name: 'TransientError', durationSeconds: 4 });
    expect(await thrown(invoke(req({ stateName: 'transform', attempt: 1 })))).toStrictEqual({ name: 'TransientError', durationSeconds: 4 });
    expect(await invoke(req({ stateName: 'transform', attempt: 2 }))).toStrictEqual({ payload: { ran: 'transform', attempt: 2 }, durationSeconds: 1 });
    expect(await invoke(req({ stateName: 'load' }))).toStrictEqual({ payload: { ran: 'load', attempt: 0 }, durationSeconds: 1 });
  });

  test('through the engine: a retried transient fault costs its duration and the backoff', async () => {
    // GIVEN a Task with Retry on TransientError and the fault T=transient:1 (1 s per attempt)
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true, Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 3, MaxAttempts: 1 }] } } };
    // WHEN it runs
    const r = await runExecution(def, {}, { invokeLambda: injectFaults(ok, [parseFault('T=transient:1')]) });
    // THEN the second attempt succeeded at 1 + 3 + 1 = 5 s
    expect([r.status, r.makespanSeconds, r.output]).toStrictEqual(['SUCCEEDED', 5, { ran: 'T', attempt: 1 }]);
  });

  test('through the engine: a permanent fault fails the execution with Error', async () => {
    // GIVEN the fault T=permanent
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, { invokeLambda: injectFaults(ok, [parseFault('T=permanent')]) });
    // THEN it failed with the Lambda-style cause
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'Error', JSON.stringify({ errorMessage: 'injected permanent failure', errorType: 'Error' })]);
  });

  // BUG: raise('timeout') throws a StatesError whose durationSeconds is TimeoutSeconds + 1, but
  // runTask only sleeps for (and compares with TimeoutSeconds) the duration of errors that are *not*
  // StatesErrors, so an injected timeout fails at once (makespan 0) instead of after TimeoutSeconds.
  test('through the engine: an injected timeout fails after the task TimeoutSeconds', async () => {
    // GIVEN a Task with TimeoutSeconds 10 and the fault T=timeout
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, TimeoutSeconds: 10, End: true } } };
    // WHEN it runs
    const r = await runExecution(def, {}, { invokeLambda: injectFaults(ok, [parseFault('T=timeout')]) });
    // THEN it timed out at 10 s
    expect([r.status, r.error, r.makespanSeconds]).toStrictEqual(['FAILED', 'States.Timeout', 10]);
  });
});

describe('randomFaults', () => {
  const outcomes = async (invoke: LambdaInvoker) => {
    const out: string[] = [];
    for (let i = 0; i < 40; i++) {
      const e = await thrown(invoke(req({ stateName: `t${i % 8}`, attempt: Math.floor(i / 8) })));
      out.push(e ? e.name : 'ok');
    }
    return out;
  };

  test('rates 0 never fail; rate 1 always fails with the matching error', async () => {
    // GIVEN the extreme rates
    // WHEN 40 calls are made
    // THEN the outcomes are uniform
    expect(new Set(await outcomes(randomFaults(ok, { transientRate: 0, permanentRate: 0, seed: 1 })))).toStrictEqual(new Set(['ok']));
    expect(new Set(await outcomes(randomFaults(ok, { transientRate: 1, permanentRate: 0, seed: 1 })))).toStrictEqual(new Set(['TransientError']));
    expect(new Set(await outcomes(randomFaults(ok, { transientRate: 0, permanentRate: 1, seed: 1 })))).toStrictEqual(new Set(['Error']));
  });

  test('the same seed gives the same faults; a permanent fault sticks to its task', async () => {
    // GIVEN two wrappers with seed 5 and mixed rates
    const o = { transientRate: 0.3, permanentRate: 0.3, seed: 5 };
    // WHEN each makes the same 40 calls (8 tasks × 5 attempts)
    const a = await outcomes(randomFaults(ok, o));
    const b = await outcomes(randomFaults(ok, o));
    // THEN the outcomes are equal, and a task failing permanently fails on every attempt
    expect(b).toStrictEqual(a);
    for (let t = 0; t < 8; t++) {
      const mine = a.filter((_, i) => i % 8 === t);
      if (mine[0] === 'Error') expect(mine).toStrictEqual(['Error', 'Error', 'Error', 'Error', 'Error']);
      else expect(mine.includes('Error')).toBe(false);
    }
    expect(a.includes('Error') && a.includes('TransientError') && a.includes('ok')).toBe(true);
  });

  test('durationOf sets the failed attempt duration', async () => {
    // GIVEN a wrapper failing always, 9 s per attempt
    const invoke = randomFaults(ok, { transientRate: 1, permanentRate: 0, seed: 1, durationOf: () => 9 });
    // WHEN called
    // THEN the error lasts 9 s
    expect(await thrown(invoke(req()))).toStrictEqual({ name: 'TransientError', durationSeconds: 9 });
  });
});
