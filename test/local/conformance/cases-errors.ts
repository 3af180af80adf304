import { ConformanceCase, DOC, failed, LAMBDA, ok } from './case';

/** A Task on LAMBDA with Retry/Catch, and a Handler Pass. */
const task = (fields: Record<string, unknown>) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true, ...fields }, H: { Type: 'Pass', End: true } } });
const THROW = (Error: string, Cause = 'c') => ({ Throw: { Error, Cause } });

/** Retry, Catch and error names. */
export const ERROR_CASES: ConformanceCase[] = [
  { name: 'errors: Catch by name; the error output replaces the input', definition: task({ Catch: [{ ErrorEquals: ['CustomError'], Next: 'H' }] }), input: { a: 1 }, mocks: { T: { 0: THROW('CustomError', 'This is a custom error!') } },
    expected: ok({ Error: 'CustomError', Cause: 'This is a custom error!' }), source: DOC.errors },
  { name: 'errors: Catch ResultPath keeps the input', definition: task({ Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'H' }] }), input: { a: 1 }, mocks: { T: { 0: THROW('E', 'x') } },
    expected: ok({ a: 1, error: { Error: 'E', Cause: 'x' } }), source: DOC.errors },
  { name: 'errors: States.ALL catches any task error', definition: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }] }), input: {}, mocks: { T: { 0: THROW('Whatever') } }, expected: ok({ Error: 'Whatever', Cause: 'c' }), source: DOC.errors },
  { name: 'errors: States.TaskFailed catches a task error', definition: task({ Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'H' }] }), input: {}, mocks: { T: { 0: THROW('Lambda.Unknown') } }, expected: ok({ Error: 'Lambda.Unknown', Cause: 'c' }), source: DOC.errors },
  { name: 'errors: the first matching catcher wins', definition: task({ Catch: [{ ErrorEquals: ['A'], ResultPath: '$.a', Next: 'H' }, { ErrorEquals: ['States.ALL'], ResultPath: '$.all', Next: 'H' }] }), input: {}, mocks: { T: { 0: THROW('B') } },
    expected: ok({ all: { Error: 'B', Cause: 'c' } }), source: DOC.errors },
  { name: 'errors: an unmatched error fails the execution', definition: task({ Catch: [{ ErrorEquals: ['A'], Next: 'H' }] }), input: {}, mocks: { T: { 0: THROW('B', 'why') } }, expected: failed('B', 'why'), source: DOC.errors },
  { name: 'errors: Retry then success', definition: task({ Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 2 }] }), input: {}, mocks: { T: { '0-1': THROW('Transient'), 2: { Return: 'ok' } } }, expected: ok('ok'), source: DOC.errors },
  { name: 'errors: Retry exhausted fails with the last error', definition: task({ Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 2 }] }), input: {}, mocks: { T: { '0-2': THROW('Transient', 'still') } }, expected: failed('Transient', 'still'), source: DOC.errors },
  { name: 'errors: MaxAttempts 0 never retries', definition: task({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }] }), input: {}, mocks: { T: { 0: THROW('E'), 1: { Return: 'retried' } } },
    expected: ok({ Error: 'E', Cause: 'c' }), source: DOC.errors },
  { name: 'errors: Retry then Catch', definition: task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1, IntervalSeconds: 1 }], Catch: [{ ErrorEquals: ['E'], Next: 'H' }] }), input: {}, mocks: { T: { '0-1': THROW('E', 'twice') } },
    expected: ok({ Error: 'E', Cause: 'twice' }), source: DOC.errors },
  { name: 'errors: default MaxAttempts is 3', definition: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1 }] }), input: {}, mocks: { T: { '0-2': THROW('E'), 3: { Return: 'fourth' } } }, expected: ok('fourth'), source: DOC.errors },
  { name: 'errors: each retrier counts its own attempts', definition: task({ Retry: [{ ErrorEquals: ['A'], MaxAttempts: 1, IntervalSeconds: 1 }, { ErrorEquals: ['B'], MaxAttempts: 1, IntervalSeconds: 1 }] }), input: {},
    mocks: { T: { 0: THROW('A'), 1: THROW('B'), 2: { Return: 'third' } } }, expected: ok('third'), source: DOC.errors },
  { name: 'errors: States.TaskFailed does not catch States.Timeout', definition: task({ TimeoutSeconds: 1, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'H' }] }), input: {}, mocks: { T: { 0: THROW('States.Timeout', '') } }, expected: failed('States.Timeout'), source: DOC.errors },
  { name: 'errors: States.Timeout is caught by name', definition: task({ Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.e', Next: 'H' }] }), input: {}, mocks: { T: { 0: THROW('States.Timeout', '') } }, expected: ok({ e: { Error: 'States.Timeout', Cause: '' } }), source: DOC.errors },
  { name: 'errors: Catch then continue to the next state', definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Next: 'H' }], Next: 'N' }, N: { Type: 'Pass', Result: 'normal', End: true }, H: { Type: 'Pass', Parameters: { 'handled.$': '$.e.Error' }, End: true } } },
    input: {}, mocks: { T: { 0: THROW('Oops') } }, expected: ok({ handled: 'Oops' }), source: DOC.errors },
  { name: 'errors: a Fail in a Map item surfaces on the Map', definition: { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'ItemFailed', Cause: 'x' } } }, End: true } } }, input: [1], expected: failed('ItemFailed', 'x'), source: DOC.errors },
  { name: 'errors: a Lambda error thrown by name and message (Lambda cause shape)', definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } }, input: {}, mocks: { T: { 0: THROW('CustomError', '{"errorMessage":"This is a custom error!","errorType":"CustomError"}') } },
    expected: failed('CustomError', '{"errorMessage":"This is a custom error!","errorType":"CustomError"}'), source: DOC.lambda },
  { name: 'errors: Catch on a Parallel with States.BranchFailed-like names', definition: { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } }], Catch: [{ ErrorEquals: ['Lambda.Err'], ResultPath: null, Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } } },
    input: { keep: true }, mocks: { T: { 0: THROW('Lambda.Err') } }, expected: ok({ keep: true }), source: DOC.errors },
  { name: 'errors: a Choice NoChoiceMatched in a Parallel branch is caught', definition: { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'D' }] }, D: { Type: 'Succeed' } } }], Catch: [{ ErrorEquals: ['States.NoChoiceMatched'], ResultPath: null, Next: 'H' }], End: true }, H: { Type: 'Pass', Result: 'caught', End: true } } },
    input: {}, expected: ok('caught'), source: DOC.errors },
  { name: 'errors: execution TimeoutSeconds ends TIMED_OUT', definition: { TimeoutSeconds: 5, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } }, input: {}, expected: { status: 'TIMED_OUT' }, source: 'https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html' },
];
