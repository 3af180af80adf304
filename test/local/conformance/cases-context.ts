import { ConformanceCase, chain, DOC, failed, LAMBDA, ok, one } from './case';

/** The context object ($$ in JSONPath, $states.context in JSONata). */
export const CONTEXT_CASES: ConformanceCase[] = [
  { name: 'context: $$.State.Name', definition: one({ Type: 'Pass', Parameters: { 'n.$': '$$.State.Name' } }), input: {}, expected: ok({ n: 'S' }), source: DOC.context },
  { name: 'context: $$.State.RetryCount is 0 on the first attempt of a Task', definition: one({ Type: 'Task', Resource: LAMBDA, Parameters: { 'r.$': '$$.State.RetryCount' } }), input: {}, expected: ok({ r: 0 }), source: DOC.context },
  { name: 'context: a Pass state context has Name and EnteredTime only', definition: one({ Type: 'Pass', Parameters: { 'keys.$': '$$.State' }, OutputPath: '$.keys.Name' }), input: {}, expected: ok('S'), source: 'AWS context object recorded in localstack tests/aws/services/stepfunctions/v2/assign/test_assign_base.snapshot.json (BASE_PATHS)' },
  { name: 'context: a Pass state has no $$.State.RetryCount', definition: one({ Type: 'Pass', Parameters: { 'r.$': '$$.State.RetryCount' } }), input: {}, expected: failed('States.Runtime'), source: 'AWS context object recorded in localstack tests/aws/services/stepfunctions/v2/assign/test_assign_base.snapshot.json (BASE_PATHS)' },
  { name: 'context: $$.State.RetryCount counts retries', definition: one({ Type: 'Task', Resource: LAMBDA, Parameters: { 'r.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1, MaxAttempts: 2 }] }),
    input: {}, expected: ok({ r: 0 }), source: DOC.context },
  { name: 'context: $$.Execution.Input is the execution input', definition: chain({ A: { Type: 'Pass', Result: 'replaced' }, B: { Type: 'Pass', Parameters: { 'in.$': '$$.Execution.Input' } } }), input: { orig: 1 }, expected: ok({ in: { orig: 1 } }), source: DOC.context },
  { name: 'context: $$.Execution.Name', definition: one({ Type: 'Pass', Parameters: { 'n.$': '$$.Execution.Name' } }), input: {}, expected: ok({ n: 'conformance' }), source: DOC.context },
  { name: 'context: $$.Execution.RedriveCount is 0 for a first run', definition: one({ Type: 'Pass', Parameters: { 'r.$': '$$.Execution.RedriveCount' } }), input: {}, expected: ok({ r: 0 }), source: DOC.context },
  { name: 'context: $$.StateMachine.Name', definition: one({ Type: 'Pass', Parameters: { 'n.$': '$$.StateMachine.Name' } }), input: {}, expected: ok({ n: 'conformance-sm' }), source: DOC.context },
  { name: 'context: $$.Map.Item.Index in ItemSelector', definition: one({ Type: 'Map', ItemSelector: { 'i.$': '$$.Map.Item.Index' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }), input: ['a', 'b'], expected: ok([{ i: 0 }, { i: 1 }]), source: DOC.context },
  { name: 'context: InputPath $$ reads the context', definition: one({ Type: 'Pass', InputPath: '$$.State.Name' }), input: {}, expected: ok('S'), source: DOC.context },
  { name: 'context: JSONata $states.context.State.Name', definition: one({ Type: 'Pass', Output: '{% $states.context.State.Name %}' }, { QueryLanguage: 'JSONata' }), input: {}, expected: ok('S'), source: DOC.context },
  { name: 'context: JSONata $states.context.Execution.Input', definition: one({ Type: 'Pass', Output: '{% $states.context.Execution.Input.x %}' }, { QueryLanguage: 'JSONata' }), input: { x: 4 }, expected: ok(4), source: DOC.context },
  { name: 'context: JSONata $states.context.Execution.RedriveCount', definition: one({ Type: 'Pass', Output: '{% $states.context.Execution.RedriveCount %}' }, { QueryLanguage: 'JSONata' }), input: {}, expected: ok(0), source: DOC.context },
  { name: 'context: an intrinsic over a context path (States.Format of $$.State.Name)', definition: one({ Type: 'Pass', Parameters: { 'isString.$': 'States.Format(\'{}\', $$.State.Name)' } }), input: {}, expected: ok({ isString: 'S' }), source: DOC.intrinsics },
];
