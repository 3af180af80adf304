import { at, ConformanceCase, DOC, failed, LAMBDA, ok, one, RECORDED } from './case';

const J = { QueryLanguage: 'JSONata' };
const undef = (name: string, id: number, expr: string, field: string) => at(name, id, `The JSONata expression '${expr}' specified for the field '${field}' returned nothing (undefined).`);

const LIST = [null, 0, 0.1, true, [], { constant: 0 }, ' {% states.input %} ', '$states.input', '$no.such.var.path'];
const LITERALS = {
  constant_null: null, constant_int: 0, constant_float: 0.1, constant_bool: true, constant_str: 'constant string', constant_not_jsonata: ' {% states.input %} ',
  constant_varpath_states: '$states.input', constant_varpath: '$no.such.var.path', constant_jp_input: '$', 'constant_jp_input.$': '$', constant_jp_input_path: '$.input_value',
  constant_jp_context: '$$', constant_if: "States.Format('Format:{}', 101)", constant_lst_empty: [], constant_lst: LIST, constant_obj_empty: {},
  constant_obj: { in_obj_constant_null: null, in_obj_constant_lst: LIST, in_obj_constant_obj: { constant: 0 } },
};

/** JSONata states: Output, Arguments, Items, Condition, Catch, $states. */
export const JSONATA_CASES: ConformanceCase[] = [
  { name: 'jsonata: Pass Output from $states.input', definition: one({ Type: 'Pass', Output: '{% $states.input.a %}' }, J), input: { a: 1 }, expected: ok(1), source: DOC.jsonata },
  { name: 'jsonata: Pass without Output passes its input', definition: one({ Type: 'Pass' }, J), input: { a: 1 }, expected: ok({ a: 1 }), source: DOC.jsonata },
  { name: 'jsonata: Output object with expressions and literals', definition: one({ Type: 'Pass', Output: { sum: '{% $states.input.x + $states.input.y %}', tag: 'lit', n: 3 } }, J), input: { x: 1, y: 2 }, expected: ok({ sum: 3, tag: 'lit', n: 3 }), source: DOC.jsonata },
  { name: 'jsonata: Output array with expressions', definition: one({ Type: 'Pass', Output: ['{% 1 + 1 %}', 'b'] }, J), input: {}, expected: ok([2, 'b']), source: DOC.jsonata },
  { name: 'jsonata: string functions', definition: one({ Type: 'Pass', Output: '{% $uppercase($states.input.s) %}' }, J), input: { s: 'abc' }, expected: ok('ABC'), source: DOC.jsonata },
  { name: 'jsonata: a string with spaces around {% %} is a literal', definition: one({ Type: 'Pass', Output: ' {% 1 + 1 %} ' }, J), input: {}, expected: ok(' {% 1 + 1 %} '), source: 'issue 11 point 9 (recorded AWS behaviour)' },
  { name: 'jsonata: Output literals, JSONPath-looking strings and .$ keys stay literal', definition: one({ QueryLanguage: 'JSONata', Type: 'Pass', Output: LITERALS }), input: { input_value: 'x' }, expected: ok(LITERALS),
    source: 'localstack tests/aws/services/stepfunctions/templates/outputdecl/statemachines/base_literals.json5 (recorded against AWS)' },
  { name: 'jsonata: an Output expression returning nothing is States.QueryEvaluationError', definition: one({ Type: 'Pass', Output: '{% $doesNotExist %}' }, J), input: {},
    expected: failed('States.QueryEvaluationError', undef('S', 2, '$doesNotExist', 'Output')), source: RECORDED.jsonataUndefined },
  { name: 'jsonata: a nested Output field returning nothing names the field path', definition: one({ Type: 'Pass', Output: { v: '{% $states.input.absent %}' } }, J), input: {},
    expected: failed('States.QueryEvaluationError', undef('S', 2, '$states.input.absent', 'Output/v')), source: RECORDED.jsonataUndefined },
  { name: 'jsonata: Arguments returning nothing names Arguments/…', definition: one({ Type: 'Task', Resource: LAMBDA, Arguments: { Input: { pushLocation: '{% $states.input.pushLocation %}' } } }, J), input: {},
    expected: failed('States.QueryEvaluationError', undef('S', 2, '$states.input.pushLocation', 'Arguments/Input/pushLocation')), source: RECORDED.jsonataUndefined },
  { name: 'jsonata: States.QueryEvaluationError is caught by States.ALL', definition: { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, Arguments: '{% $nope %}', Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput.Error %}', Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } } },
    input: {}, expected: ok('States.QueryEvaluationError'), source: DOC.errors },
  { name: 'jsonata: Task Arguments are the Lambda payload; Output defaults to the result', definition: one({ Type: 'Task', Resource: LAMBDA, Arguments: { n: '{% $states.input.n * 2 %}' } }, J), input: { n: 2 }, expected: ok({ n: 4 }), source: DOC.jsonata },
  { name: 'jsonata: Task Output from $states.result', definition: one({ Type: 'Task', Resource: LAMBDA, Output: '{% $states.result.v %}' }, J), input: {}, mocks: { S: { 0: { Return: { v: 5 } } } }, expected: ok(5), source: DOC.jsonata },
  { name: 'jsonata: Task Output merges input and result', definition: one({ Type: 'Task', Resource: LAMBDA, Output: '{% $merge([$states.input, {"r": $states.result}]) %}' }, J), input: { a: 1 }, mocks: { S: { 0: { Return: 2 } } }, expected: ok({ a: 1, r: 2 }), source: DOC.jsonata },
  { name: 'jsonata: lambda:invoke with Arguments and Output $states.result.Payload', definition: one({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: LAMBDA, Payload: '{% $states.input %}' }, Output: '{% $states.result.Payload %}' }, J),
    input: { p: 1 }, expected: ok({ p: 1 }), source: DOC.lambda },
  { name: 'jsonata: Catch Output from $states.errorOutput', definition: { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], Output: { err: '{% $states.errorOutput.Error %}', in: '{% $states.input %}' }, Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } } },
    input: { a: 1 }, mocks: { T: { 0: { Throw: { Error: 'E', Cause: 'c' } } } }, expected: ok({ err: 'E', in: { a: 1 } }), source: DOC.jsonata },
  { name: 'jsonata: Catch without Output outputs the error output', definition: { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } } },
    input: {}, mocks: { T: { 0: { Throw: { Error: 'E', Cause: 'c' } } } }, expected: ok({ Error: 'E', Cause: 'c' }), source: DOC.jsonata },
  { name: 'jsonata: Choice Condition', definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n > 1 %}', Next: 'Y' }], Default: 'N' }, Y: { Type: 'Pass', Output: 'yes', End: true }, N: { Type: 'Pass', Output: 'no', End: true } } },
    input: { n: 2 }, expected: ok('yes'), source: DOC.choice },
  { name: 'jsonata: Choice rule Output', definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Output: { picked: 1 }, Next: 'E' }] }, E: { Type: 'Succeed' } } },
    input: {}, expected: ok({ picked: 1 }), source: DOC.choice },
  { name: 'jsonata: Choice Default', definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'Y' }], Default: 'N' }, Y: { Type: 'Pass', Output: 'yes', End: true }, N: { Type: 'Pass', Output: 'no', End: true } } },
    input: {}, expected: ok('no'), source: DOC.choice },
  { name: 'jsonata: Choice without match or Default is States.NoChoiceMatched', definition: { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'Y' }] }, Y: { Type: 'Succeed' } } },
    input: {}, expected: failed('States.NoChoiceMatched'), source: DOC.errors },
  { name: 'jsonata: Map Items', definition: one({ Type: 'Map', Items: '{% $states.input.xs %}', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }, J), input: { xs: [1, 2] }, expected: ok([1, 2]), source: DOC.map },
  { name: 'jsonata: Map Items literal array', definition: one({ Type: 'Map', Items: [1, 2, 3], ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }, J), input: {}, expected: ok([1, 2, 3]), source: DOC.map },
  { name: 'jsonata: Map Items that is not an array is States.QueryEvaluationError', definition: one({ Type: 'Map', Items: '{% 1 %}', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }, J), input: {}, expected: failed('States.QueryEvaluationError'), source: 'issue 11 point 3 (recorded AWS behaviour)' },
  { name: 'jsonata: Map ItemSelector with $states.context.Map.Item', definition: one({ Type: 'Map', Items: ['a', 'b'], ItemSelector: { v: '{% $states.context.Map.Item.Value %}', i: '{% $states.context.Map.Item.Index %}' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }, J),
    input: {}, expected: ok([{ v: 'a', i: 0 }, { v: 'b', i: 1 }]), source: DOC.itemSelector },
  { name: 'jsonata: Map Output over $states.result', definition: one({ Type: 'Map', Items: [1, 2], ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, Output: '{% $sum($states.result) %}' }, J), input: {}, expected: ok(3), source: DOC.map },
  { name: 'jsonata: Parallel Arguments and Output', definition: one({ Type: 'Parallel', Arguments: { v: '{% $states.input.v %}' }, Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }], Output: '{% $states.result[0].v %}' }, J), input: { v: 9 }, expected: ok(9), source: DOC.parallel },
  { name: 'jsonata: Wait Seconds expression', definition: one({ Type: 'Wait', Seconds: '{% $states.input.s %}' }, J), input: { s: 2 }, expected: ok({ s: 2 }), source: DOC.wait },
  { name: 'jsonata: Fail Error and Cause expressions', definition: one({ Type: 'Fail', Error: '{% "Err." & $states.input.k %}', Cause: '{% $string($states.input.n) %}' }, J), input: { k: 'X', n: 5 }, expected: failed('Err.X', '5'), source: DOC.fail },
  { name: 'jsonata: a JSONata state in a JSONPath machine', definition: { StartAt: 'A', States: { A: { Type: 'Pass', Result: { v: 1 }, Next: 'B' }, B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v + 1 %}', End: true } } }, input: {}, expected: ok(2), source: DOC.jsonata },
  { name: 'jsonata: Succeed Output', definition: one({ Type: 'Succeed', Output: { done: true } }, J), input: {}, expected: ok({ done: true }), source: DOC.succeed },
];
