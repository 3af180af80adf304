import { at, ConformanceCase, failed, LAMBDA, ok, one } from './case';

/** AWS-validated recordings of LocalStack's snapshot tests (the expected values are AWS's responses). */
const SNAP = (file: string, test: string) => `AWS execution history recorded in localstack/localstack tests/aws/services/stepfunctions/v2/${file}.snapshot.json (${test})`;
const SCENARIOS = (test: string) => SNAP('scenarios/test_base_scenarios', test);
const runtime = (state: string, id: number, detail: string) => failed('States.Runtime', at(state, id, detail));
const noop = { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

/**
 * JSONPath as AWS reads and reports it: quoted names with backslashes, the JSONPath library's words
 * for a path that matches nothing, and the scopes variables and the context object are read from.
 */
export const PATH_CASES: ConformanceCase[] = [
  // Escapes in a quoted field name: only the quote itself is escaped, a backslash stays
  { name: 'paths: a backslash in a quoted bracket name is part of the field name', definition: one({ Type: 'Pass', Parameters: { 'value.$': "$['Test\\\"\"Name\"']" } }),
    input: { 'Test\\""Name"': 'Value"\\' }, expected: ok({ value: 'Value"\\' }), source: SCENARIOS('test_escape_sequence_parsing[ESCAPE_SEQUENCES_JSONPATH]') },
  { name: "paths: \\' in a single-quoted name is a quote", definition: one({ Type: 'Pass', Parameters: { 'v.$': "$['it\\'s']" } }),
    input: { "it's": 1 }, expected: ok({ v: 1 }), source: 'https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html (bracket notation) and ' + SCENARIOS('test_escape_sequence_parsing') },
  // A path that matches nothing, in Jayway JsonPath's words
  { name: 'paths: OutputPath missing a field before the last says "Missing property in path"', definition: { StartAt: 'RaiseRuntime', States: {
    RaiseRuntime: { Type: 'Task', Resource: LAMBDA, OutputPath: '$.no.such.result.path', Catch: [{ ErrorEquals: ['States.Runtime'], Next: 'CaughtRuntime' }], Next: 'Final' },
    CaughtRuntime: { Type: 'Pass', End: true }, Final: { Type: 'Pass', End: true } } },
    input: {}, expected: runtime('RaiseRuntime', 2, "Invalid path '$.no.such.result.path' : Missing property in path $['no']"), source: SCENARIOS('test_catch_states_runtime') },
  { name: 'paths: OutputPath missing only its last field says "No results for path"', definition: one({ Type: 'Pass', OutputPath: '$.a.b' }),
    input: { a: {} }, expected: runtime('S', 2, "Invalid path '$.a.b' : No results for path: $['a']['b']"), source: SCENARIOS('test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_OUTPUTPATH]') },
  ...['TimeoutSecondsPath', 'HeartbeatSecondsPath'].map((field) => ({
    name: `paths: a Task ${field} matching nothing is an invalid path`, definition: { StartAt: 'task', States: { task: { Type: 'Task', Resource: LAMBDA, [field]: '$.NoSuchTimeoutSecondsPath', ...(field === 'HeartbeatSecondsPath' ? { TimeoutSeconds: 600 } : {}), End: true } } },
    input: { 'int-literal': 0 }, expected: runtime('task', 2, "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']"),
    source: SCENARIOS(`test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_${field.replace('Path', '').toUpperCase()}PATH]`) })),
  { name: 'paths: a $$ path in Parameters matching nothing names the state input', definition: { StartAt: 'pass', States: { pass: { Type: 'Pass', Parameters: { 'value.$': '$$.Execution.Input.no_such_jsonpath' }, End: true } } },
    input: { 'int-literal': 0 }, expected: runtime('pass', 2, `The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`),
    source: SCENARIOS('test_invalid_jsonpath[INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH]') },
  // Variables of enclosing scopes
  { name: 'paths: nested intrinsics read variables assigned two Map levels out', definition: { StartAt: 'Input', States: {
    Input: { Type: 'Pass', Result: [[9, 44, 6], [82, 25, 76]], Assign: { bias: 4.3 }, Next: 'IterateLevels' },
    IterateLevels: { Type: 'Map', MaxConcurrency: 1, End: true, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'AssignCurrentVector', States: {
      AssignCurrentVector: { Type: 'Pass', Assign: { 'xCurrent.$': '$[0]', 'yCurrent.$': '$[1]', 'zCurrent.$': '$[2]' }, Next: 'Calculate' },
      Calculate: { Type: 'Map', MaxConcurrency: 1, End: true, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Summate', States: {
        Summate: { Type: 'Pass', Assign: { 'Sum.$': 'States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)' }, End: true } } } } } } } } },
    input: {}, expected: ok([[9, 44, 6], [82, 25, 76]]), source: SNAP('assign/test_assign_reference_variables', 'test_reference_assign[BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE]') },
  // Map input and Map Run ARN
  ...([[1, '1'], ['string', '"string"'], [null, 'null'], [{ foo: 'bar' }, '{"foo":"bar"}']] as const).map(([items, shown]) => ({
    name: `paths: a JSONata Map without Items over ${shown} says its input must be an array`, definition: { QueryLanguage: 'JSONata', StartAt: 'Start', States: {
      Start: { Type: 'Pass', Output: '{% $states.input.items %}', Next: 'MapIterateState' }, MapIterateState: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: noop, End: true } } },
    input: { items }, expected: failed('States.QueryEvaluationError', at('MapIterateState', 4, `Map state input must be an array but was: ${shown}`)), source: SCENARIOS('test_map_state_items_input_types') })),
  { name: "paths: the Map Run ARN carries the Map's Label", definition: { StartAt: 'MapState', States: { MapState: { Type: 'Map', Label: 'TestMap', End: true,
    ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'result-bucket', Prefix: 'mapJobs' } },
    ResultSelector: { 'label.$': "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.MapRunArn, '/'), 1), ':'), 0)" } } } },
    input: ['Hello', 'World'], expected: ok({ label: 'TestMap' }), source: SCENARIOS('test_map_state_result_writer') },
  // Express executions
  { name: 'paths: an Express execution context has an express ARN and no RedriveCount', type: 'EXPRESS', definition: one({ Type: 'Pass', Parameters: {
    'keys.$': "States.ArrayLength(States.StringSplit(States.JsonToString($$.Execution), ','))", 'kind.$': "States.ArrayGetItem(States.StringSplit($$.Execution.Id, ':'), 5)" } }),
    input: { message: 'TestMessage' }, expected: ok({ keys: 5, kind: 'express' }), source: SNAP('express/test_express_sync', 'test_query_runtime_memory') },
];
