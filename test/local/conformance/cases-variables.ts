import { ConformanceCase, chain, DOC, failed, LAMBDA, ok } from './case';

const JSONATA = { QueryLanguage: 'JSONata' };

/** Workflow variables: Assign on JSONPath and JSONata states, scope, evaluation order. */
export const VARIABLE_CASES: ConformanceCase[] = [
  { name: 'variables: JSONPath Pass Assign leaves the output unchanged', definition: chain({ S: { Type: 'Pass', Assign: { 'varname.$': '$.input_value' } } }), input: { input_value: 5 }, expected: ok({ input_value: 5 }), source: 'issue 11 point 1 (recorded AWS execution) and ' + DOC.variables },
  { name: 'variables: a later JSONPath state reads $var in Parameters', definition: chain({ A: { Type: 'Pass', Assign: { 'x.$': '$.v' } }, B: { Type: 'Pass', Parameters: { 'got.$': '$x' } } }), input: { v: 'hello' }, expected: ok({ got: 'hello' }), source: DOC.variables },
  { name: 'variables: static Assign values (the docs example)', definition: chain({ A: { Type: 'Pass', Assign: { productName: 'product1', count: 42, available: true } }, B: { Type: 'Pass', Parameters: { 'p.$': '$productName', 'c.$': '$count', 'a.$': '$available' } } }),
    input: {}, expected: ok({ p: 'product1', c: 42, a: true }), source: DOC.variables },
  { name: 'variables: $var.field path into a variable', definition: chain({ A: { Type: 'Pass', Assign: { 'o.$': '$' } }, B: { Type: 'Pass', Parameters: { 'n.$': '$o.inner.n' } } }), input: { inner: { n: 3 } }, expected: ok({ n: 3 }), source: DOC.variables },
  { name: 'variables: Task Assign reads the task result as $', definition: chain({ T: { Type: 'Task', Resource: LAMBDA, Assign: { 'r.$': '$.value' }, ResultPath: null }, B: { Type: 'Pass', Parameters: { 'r.$': '$r' } } }),
    input: { keep: 1 }, mocks: { T: { 0: { Return: { value: 'from-task' } } } }, expected: ok({ r: 'from-task' }), source: DOC.variables },
  { name: 'variables: Wait Assign', definition: chain({ W: { Type: 'Wait', Seconds: 1, Assign: { 'w.$': '$.a' } }, B: { Type: 'Pass', Parameters: { 'w.$': '$w' } } }), input: { a: 1 }, expected: ok({ w: 1 }), source: DOC.variables },
  { name: 'variables: Choice rule Assign', definition: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Assign: { branch: 'one' }, Next: 'B' }], Default: 'B' }, B: { Type: 'Pass', Parameters: { 'b.$': '$branch' }, End: true } } },
    input: { n: 1 }, expected: ok({ b: 'one' }), source: DOC.variables },
  { name: 'variables: Choice Default uses the state Assign', definition: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Assign: { branch: 'one' }, Next: 'B' }], Default: 'B', Assign: { branch: 'default' } }, B: { Type: 'Pass', Parameters: { 'b.$': '$branch' }, End: true } } },
    input: { n: 2 }, expected: ok({ b: 'default' }), source: DOC.variables },
  { name: 'variables: Map iterations read outer variables', definition: chain({ A: { Type: 'Pass', Assign: { factor: 10 } }, M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'f.$': '$factor', 'v.$': '$' }, End: true } } } } }),
    input: [1, 2], expected: ok([{ f: 10, v: 1 }, { f: 10, v: 2 }]), source: DOC.variables },
  { name: 'variables: Parallel branches read outer variables', definition: chain({ A: { Type: 'Pass', Assign: { x: 'outer' } }, P: { Type: 'Parallel', Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true } } }] } }),
    input: {}, expected: ok([{ x: 'outer' }]), source: DOC.variables },
  { name: 'variables: Map state Assign after the iterations', definition: chain({ M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, Assign: { 'count.$': 'States.ArrayLength($)' } }, B: { Type: 'Pass', Parameters: { 'n.$': '$count' } } }),
    input: [1, 2, 3], expected: ok({ n: 3 }), source: DOC.variables },
  { name: 'variables: JSONPath Catch Assign reads the error output', definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'err.$': '$.Error' }, Next: 'H' }], End: true }, H: { Type: 'Pass', Parameters: { 'e.$': '$err' }, End: true } } },
    input: {}, mocks: { T: { 0: { Throw: { Error: 'Boom', Cause: 'c' } } } }, expected: ok({ e: 'Boom' }), source: DOC.variables },
  { name: 'variables: a Choice Variable on $var', definition: { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { flag: true }, Next: 'C' }, C: { Type: 'Choice', Choices: [{ Variable: '$flag', BooleanEquals: true, Next: 'Y' }], Default: 'N' }, Y: { Type: 'Pass', Result: 'yes', End: true }, N: { Type: 'Pass', Result: 'no', End: true } } },
    input: {}, expected: ok('yes'), source: DOC.variables },
  { name: 'variables: SecondsPath and TimestampPath reference variables', definition: { StartAt: 'Start', States: {
    Start: { Type: 'Pass', Assign: { waitTime: 0, startAt: '2024-11-06T09:42:03Z' }, Next: 'WaitSecondsState' },
    WaitSecondsState: { Type: 'Wait', SecondsPath: '$waitTime', Next: 'WaitUntilState' },
    WaitUntilState: { Type: 'Wait', TimestampPath: '$startAt', End: true } } },
    input: { k: 1 }, expected: ok({ k: 1 }), source: 'localstack tests/aws/services/stepfunctions/templates/assign/statemachines/base_reference_in_wait.json5 (recorded against AWS)' },
  { name: 'variables: ErrorPath and CausePath reference variables', definition: { StartAt: 'Pass', States: {
    Pass: { Type: 'Pass', Assign: { errorVar: 'Exception', causeVar: 'An Exception was encountered' }, Next: 'Fail' },
    Fail: { Type: 'Fail', CausePath: '$causeVar', ErrorPath: '$errorVar' } } },
    input: {}, expected: failed('Exception', 'An Exception was encountered'), source: 'localstack tests/aws/services/stepfunctions/templates/assign/statemachines/base_reference_in_fail.json5 (recorded against AWS)' },
  { name: 'variables: $$ (the whole context object) and $ can be assigned', definition: chain({ A: { Type: 'Pass', Assign: { 'root.$': '$', 'ctx.$': '$$' } }, B: { Type: 'Pass', Parameters: { 'root.$': '$root', 'name.$': '$ctx.State.Name', 'exec.$': '$ctx.Execution.Name' } } }),
    input: { input_value: 'input_value_literal' }, expected: ok({ root: { input_value: 'input_value_literal' }, name: 'A', exec: 'conformance' }), source: 'AWS assignedVariables recorded in localstack tests/aws/services/stepfunctions/v2/assign/test_assign_base.snapshot.json (BASE_PATHS)' },
  { name: 'variables: reading an undefined variable is States.Runtime', definition: chain({ B: { Type: 'Pass', Parameters: { 'x.$': '$nope' } } }), input: {}, expected: failed('States.Runtime'), source: DOC.variables },
  { name: 'variables: JSONata Assign then $var in a later Output', definition: chain({ A: { Type: 'Pass', Assign: { x: '{% $states.input.a %}' } }, B: { Type: 'Pass', Output: '{% $x %}' } }, JSONATA), input: { a: 7 }, expected: ok(7), source: DOC.variables },
  { name: 'variables: Assign and Output of one state both see the values at entry', definition: chain({ A: { Type: 'Pass', Assign: { x: 1 } }, B: { Type: 'Pass', Assign: { x: 2 }, Output: '{% $x %}' } }, JSONATA), input: {}, expected: ok(1), source: DOC.variables },
  { name: 'variables: JSONata Task Assign from $states.result', definition: chain({ T: { Type: 'Task', Resource: LAMBDA, Assign: { r: '{% $states.result.v %}' }, Output: '{% $states.input %}' }, B: { Type: 'Pass', Output: '{% $r %}' } }, JSONATA),
    input: { i: 1 }, mocks: { T: { 0: { Return: { v: 'res' } } } }, expected: ok('res'), source: DOC.variables },
  { name: 'variables: JSONata Catch Assign from $states.errorOutput', definition: { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { e: '{% $states.errorOutput.Error %}' }, Next: 'H' }], End: true }, H: { Type: 'Pass', Output: '{% $e %}', End: true } } },
    input: {}, mocks: { T: { 0: { Throw: { Error: 'Bad', Cause: 'c' } } } }, expected: ok('Bad'), source: DOC.variables },
  { name: 'variables: later Assign overwrites a variable', definition: chain({ A: { Type: 'Pass', Assign: { x: 1 } }, B: { Type: 'Pass', Assign: { x: 2 } }, C: { Type: 'Pass', Output: '{% $x %}' } }, JSONATA), input: {}, expected: ok(2), source: DOC.variables },
  { name: 'variables: several variables in one Assign', definition: chain({ A: { Type: 'Pass', Assign: { a: '{% 1 + 1 %}', b: 'lit' } }, B: { Type: 'Pass', Output: { a: '{% $a %}', b: '{% $b %}' } } }, JSONATA), input: {}, expected: ok({ a: 2, b: 'lit' }), source: DOC.variables },
];
