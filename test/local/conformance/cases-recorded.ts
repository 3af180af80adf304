import { at, ConformanceCase, failed, LAMBDA, ok, one } from './case';

/** AWS-validated recordings of LocalStack's snapshot tests (the expected values are AWS's responses). */
const SNAP = (file: string) => `AWS execution history recorded in localstack/localstack tests/aws/services/stepfunctions/v2/${file}.snapshot.json`;
const SCENARIOS = SNAP('scenarios/test_base_scenarios');
const WAIT = SNAP('base/test_wait');
const ERRORS = SNAP('error_handling/test_states_errors');

const mapOver = (option: Record<string, unknown>) => one({ Type: 'Map', ItemsPath: '$.Items', ...option, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } });
const mapState = (option: Record<string, unknown>) => ({ StartAt: 'MapState', States: { MapState: { Type: 'Map', ItemsPath: '$.Items', ...option, End: true, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } } });
const runtime = (state: string, id: number, detail: string) => failed('States.Runtime', at(state, id, detail));
const jsonataItems = (expr: string) => ({ QueryLanguage: 'JSONata', StartAt: 'MapIterateState', States: { MapIterateState: { Type: 'Map', Items: `{% ${expr} %}`, End: true, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } } });
const itemsType = (expr: string, kind: string, shown: string) => failed('States.QueryEvaluationError',
  at('MapIterateState', 2, `The JSONata expression '${expr}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${kind}' for value: ${shown}`));
const waitJsonata = { QueryLanguage: 'JSONata', StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', Timestamp: '{% $states.input.TimestampValue %}', End: true } } };
const waitPath = { StartAt: 'WaitUntil', States: { WaitUntil: { Type: 'Wait', TimestampPath: '$.TimestampValue', End: true } } };
const BAD_TIMESTAMPS: [string, string][] = [['no T', '2016-12-05 21:29:29Z'], ['no Z', '2016-12-05T21:29:29'], ['month 13', '2016-13-05T21:29:29Z'], ['hour 25', '2016-12-05T25:29:29Z'], ['day first', '05-12-2016T21:29:29Z']];
/** `days` after the local engine's simulated start (2026-01-01T00:00:00Z). */
const daysAhead = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * 86_400_000).toISOString().replace('.000Z', 'Z');
const big = 'y'.repeat(262_200);

export const RECORDED_CASES: ConformanceCase[] = [
  // Map options by path (distributed, as recorded)
  ...([[{}, '{}'], ['NoNumber', 'NoNumber']] as [unknown, string][]).map(([v, shown]) => ({
    name: `recorded: MaxConcurrencyPath to ${shown} is not a valid integer`, definition: mapState({ MaxConcurrencyPath: '$.MaxConcurrencyValue' }), input: { MaxConcurrencyValue: v, Items: ['HelloWorld'] },
    expected: runtime('MapState', 2, `The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: $.MaxConcurrencyValue`), source: SCENARIOS })),
  ...([[{}, '{}'], ['NoNumber', 'NoNumber']] as [unknown, string][]).map(([v, shown]) => ({
    name: `recorded: ToleratedFailureCountPath to ${shown} is not a valid integer`, definition: mapState({ ToleratedFailureCountPath: '$.ToleratedFailureCount' }), input: { Items: [0], ToleratedFailureCount: v },
    expected: runtime('MapState', 2, `The ToleratedFailureCountPath field refers to value "${shown}" which is not a valid integer: $.ToleratedFailureCount`), source: SCENARIOS })),
  ...([[{}, '{}'], ['NoNumber', 'NoNumber']] as [unknown, string][]).map(([v, shown]) => ({
    name: `recorded: ToleratedFailurePercentagePath to ${shown} is not a valid float`, definition: mapState({ ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' }), input: { Items: [0], ToleratedFailurePercentage: v },
    expected: runtime('MapState', 2, `The ToleratedFailurePercentagePath field refers to value "${shown}" which is not a valid float: $.ToleratedFailurePercentage`), source: SCENARIOS })),
  { name: 'recorded: ToleratedFailureCountPath to -1 cannot be negative', definition: mapState({ ToleratedFailureCountPath: '$.ToleratedFailureCount' }), input: { Items: [0], ToleratedFailureCount: -1 },
    expected: runtime('MapState', 2, 'ToleratedFailureCount cannot be negative.'), source: SCENARIOS },
  ...[-1.1, -1, 100.1].map((v) => ({
    name: `recorded: ToleratedFailurePercentagePath to ${v} is out of 0..100`, definition: mapState({ ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' }), input: { Items: [0], ToleratedFailurePercentage: v },
    expected: runtime('MapState', 2, 'ToleratedFailurePercentage must be between 0 and 100.'), source: SCENARIOS })),
  ...[0, 1, 1.1, 100].map((v) => ({
    name: `recorded: ToleratedFailurePercentagePath to ${v} runs`, definition: mapState({ ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' }), input: { Items: [0], ToleratedFailurePercentage: v },
    expected: ok([0]), source: SCENARIOS })),
  { name: 'recorded: MaxConcurrencyPath to 0 runs', definition: mapOver({ MaxConcurrencyPath: '$.MaxConcurrencyValue' }), input: { MaxConcurrencyValue: 0, Items: ['HelloWorld'] }, expected: ok(['HelloWorld']), source: SCENARIOS },
  // JSONata Items of the wrong type
  { name: 'recorded: JSONata Items of a number', definition: jsonataItems('1'), input: {}, expected: itemsType('1', 'number', '1'), source: SCENARIOS },
  { name: 'recorded: JSONata Items of a string', definition: jsonataItems("'string'"), input: {}, expected: itemsType("'string'", 'string', '"string"'), source: SCENARIOS },
  { name: 'recorded: JSONata Items of a boolean', definition: jsonataItems('true'), input: {}, expected: itemsType('true', 'boolean', 'true'), source: SCENARIOS },
  { name: 'recorded: JSONata Items of null', definition: jsonataItems('null'), input: {}, expected: itemsType('null', 'null', 'null'), source: SCENARIOS },
  { name: 'recorded: JSONata Items of an object', definition: jsonataItems("{'foo': 'bar'}"), input: {}, expected: itemsType("{'foo': 'bar'}", 'object', '{"foo":"bar"}'), source: SCENARIOS },
  { name: 'recorded: JSONata Items of a function is an unsupported result type', definition: jsonataItems('$fn := function($x){$x}'), input: {},
    expected: failed('States.QueryEvaluationError', at('MapIterateState', 2, "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.")), source: SCENARIOS },
  // Wait timestamps
  ...BAD_TIMESTAMPS.map(([what, ts]) => ({ name: `recorded: JSONata Wait Timestamp with ${what}`, definition: waitJsonata, input: { TimestampValue: ts },
    expected: failed('States.QueryEvaluationError', at('WaitState', 2, `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${ts}`)), source: SCENARIOS })),
  ...BAD_TIMESTAMPS.map(([what, ts]) => ({ name: `recorded: Wait TimestampPath with ${what}`, definition: waitPath, input: { TimestampValue: ts },
    expected: runtime('WaitUntil', 2, `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == ${ts}`), source: SCENARIOS })),
  { name: 'recorded: a Wait timestamp 24,856 days ahead is too long a delay', definition: { StartAt: 'State_1', States: { State_1: { Type: 'Wait', TimestampPath: '$.start_at', End: true } } }, input: { start_at: daysAhead(24_856) },
    expected: runtime('State_1', 2, 'Wait state delay is too long.'), source: WAIT },
  // Fail paths that match nothing
  { name: 'recorded: ErrorPath matching nothing names the field and the input', definition: { StartAt: 'pass', States: { pass: { Type: 'Pass', Next: 'fail' }, fail: { Type: 'Fail', ErrorPath: '$.ErrorX', CausePath: '$.Cause' } } }, input: { Error: 'E', Cause: 'C' },
    expected: runtime('fail', 4, `The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"Error":"E","Cause":"C"}'`), source: SCENARIOS },
  { name: 'recorded: CausePath matching nothing names the field and the input', definition: { StartAt: 'pass', States: { pass: { Type: 'Pass', Next: 'fail' }, fail: { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.NoSuchCausePath' } } }, input: { Error: 'E' },
    expected: runtime('fail', 4, `The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{"Error":"E"}'`), source: SCENARIOS },
  // Lambda results over 256 KB
  { name: 'recorded: a Lambda ARN task result over 256 KB is caught by States.ALL, the cause naming the function', definition: { StartAt: 'InvokeLambda', States: {
    InvokeLambda: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'HandleGeneralError' }], Next: 'ProcessResult' }, ProcessResult: { Type: 'Pass', End: true }, HandleGeneralError: { Type: 'Pass', End: true } } },
    input: {}, mocks: { InvokeLambda: { 0: { Return: big } } },
    expected: ok({ Error: 'States.DataLimitExceeded', Cause: `The state/task '${LAMBDA}' returned a result with a size exceeding the maximum number of bytes service limit.` }), source: ERRORS },
  { name: 'recorded: a lambda:invoke result over 256 KB is caught by States.ALL, the cause naming the service', definition: { StartAt: 'InvokeLambda', States: {
    InvokeLambda: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName.$': '$.FunctionName', 'Payload.$': '$.Payload' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'HandleGeneralError' }], Next: 'ProcessResult' },
    ProcessResult: { Type: 'Pass', End: true }, HandleGeneralError: { Type: 'Pass', End: true } } },
    input: { FunctionName: 'fn', Payload: null }, mocks: { InvokeLambda: { 0: { Return: { Payload: big } } } },
    expected: ok({ Error: 'States.DataLimitExceeded', Cause: "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit." }), source: ERRORS },
];
