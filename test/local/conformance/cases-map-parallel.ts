import { ConformanceCase, DOC, failed, LAMBDA, ok, one } from './case';

const passProcessor = (state: Record<string, unknown> = { Type: 'Pass' }) => ({ ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { ...state, End: true } } });
const branch = (state: Record<string, unknown>) => ({ StartAt: 'B', States: { B: { ...state, End: true } } });
const SHIPMENT = { 'ship-date': '2016-03-14T01:59:00Z', detail: { 'delivery-partner': 'UQS', shipped: [{ prod: 'R31', 'dest-code': 9511, quantity: 1344 }, { prod: 'S39', 'dest-code': 9511, quantity: 40 }] } };

/** Map (inline) and Parallel. */
export const MAP_PARALLEL_CASES: ConformanceCase[] = [
  { name: 'map: items pass through a Pass processor', definition: one({ Type: 'Map', ItemProcessor: passProcessor() }), input: [1, 2, 3], expected: ok([1, 2, 3]), source: DOC.map },
  { name: 'map: ItemsPath selects the array', definition: one({ Type: 'Map', ItemsPath: '$.detail.shipped', ItemProcessor: passProcessor({ Type: 'Pass', OutputPath: '$.prod' }) }), input: SHIPMENT, expected: ok(['R31', 'S39']), source: DOC.map },
  { name: 'map: an empty array gives []', definition: one({ Type: 'Map', ItemsPath: '$.xs', ItemProcessor: passProcessor() }), input: { xs: [] }, expected: ok([]), source: DOC.map },
  { name: 'map: ResultPath places the results', definition: one({ Type: 'Map', ItemsPath: '$.xs', ResultPath: '$.out', ItemProcessor: passProcessor() }), input: { xs: [1] }, expected: ok({ xs: [1], out: [1] }), source: DOC.map },
  { name: 'map: ItemSelector with $$.Map.Item.Value and Index (the docs example)', definition: one({ Type: 'Map', ItemsPath: '$.detail.shipped', ItemSelector: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.detail.delivery-partner', 'index.$': '$$.Map.Item.Index' }, ItemProcessor: passProcessor() }),
    input: SHIPMENT, expected: ok([{ parcel: SHIPMENT.detail.shipped[0], courier: 'UQS', index: 0 }, { parcel: SHIPMENT.detail.shipped[1], courier: 'UQS', index: 1 }]), source: DOC.itemSelector },
  { name: 'map: legacy Parameters act as ItemSelector', definition: one({ Type: 'Map', Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, Parameters: { 'v.$': '$$.Map.Item.Value' } }), input: ['a'], expected: ok([{ v: 'a' }]), source: DOC.map },
  { name: 'map: MaxConcurrency 1 keeps the order', definition: one({ Type: 'Map', MaxConcurrency: 1, ItemProcessor: passProcessor() }), input: [3, 2, 1], expected: ok([3, 2, 1]), source: DOC.map },
  { name: 'map: MaxConcurrencyPath reads the limit', definition: one({ Type: 'Map', ItemsPath: '$.xs', MaxConcurrencyPath: '$.c', ItemProcessor: passProcessor() }), input: { xs: [1, 2], c: 1 }, expected: ok([1, 2]), source: DOC.map },
  { name: 'map: *Path options referencing variables with numeric strings', definition: { StartAt: 'Start', States: {
    Start: { Type: 'Pass', Assign: { toleratedFailurePercentage: '1', toleratedFailureCount: '1' }, Result: { Values: [1, 2, 3] }, Next: 'MapState' },
    MapState: { Type: 'Map', ItemsPath: '$.Values', MaxConcurrency: 1, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
      ToleratedFailurePercentagePath: '$toleratedFailurePercentage', ToleratedFailureCountPath: '$toleratedFailureCount', End: true } } },
    input: {}, expected: ok([1, 2, 3]), source: 'localstack tests/aws/services/stepfunctions/templates/assign/statemachines/map_state_reference_in_tolerated_failure_path.json5 (recorded against AWS)' },
  { name: 'map: ItemsPath to a non-array is States.Runtime', definition: one({ Type: 'Map', ItemsPath: '$.xs', ItemProcessor: passProcessor() }), input: { xs: 'no' }, expected: failed('States.Runtime'), source: DOC.map },
  { name: 'map: a failing item fails the Map', definition: one({ Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } } }), input: [1, 2],
    mocks: { T: { 0: { Return: 1 }, 1: { Throw: { Error: 'ItemError', Cause: 'bad item' } } } }, expected: failed('ItemError', 'bad item'), source: DOC.map },
  { name: 'map: Catch on the Map state takes an item failure', definition: { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'c' } } }, Catch: [{ ErrorEquals: ['E'], Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } } },
    input: [1], expected: ok({ Error: 'E', Cause: 'c' }), source: DOC.errors },
  { name: 'map: nested Map', definition: one({ Type: 'Map', ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Map', ItemProcessor: passProcessor(), End: true } } } }), input: [[1, 2], [3]], expected: ok([[1, 2], [3]]), source: DOC.map },
  { name: 'map: ResultSelector over the results array', definition: one({ Type: 'Map', ItemProcessor: passProcessor(), ResultSelector: { 'all.$': '$' } }), input: [1], expected: ok({ all: [1] }), source: DOC.map },
  { name: 'map: a Lambda item processor gets each item', definition: one({ Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } } }), input: [{ a: 1 }, { a: 2 }], expected: ok([{ a: 1 }, { a: 2 }]), source: DOC.map },
  { name: 'map: States.ArrayLength of the results', definition: { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.xs', ItemProcessor: passProcessor(), ResultPath: '$.r', Next: 'N' }, N: { Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength($.r)' }, End: true } } },
    input: { xs: [1, 2, 3] }, expected: ok({ n: 3 }), source: DOC.intrinsics },
  { name: 'parallel: each branch gets the input, outputs an array in branch order', definition: one({ Type: 'Parallel', Branches: [branch({ Type: 'Pass', Result: 'a' }), branch({ Type: 'Pass' })] }), input: { x: 1 }, expected: ok(['a', { x: 1 }]), source: DOC.parallel },
  { name: 'parallel: ResultPath keeps the input', definition: one({ Type: 'Parallel', ResultPath: '$.r', Branches: [branch({ Type: 'Pass', Result: 1 })] }), input: { x: 1 }, expected: ok({ x: 1, r: [1] }), source: DOC.parallel },
  { name: 'parallel: Parameters build the branch input', definition: one({ Type: 'Parallel', Parameters: { 'v.$': '$.x' }, Branches: [branch({ Type: 'Pass' })] }), input: { x: 1 }, expected: ok([{ v: 1 }]), source: DOC.parallel },
  { name: 'parallel: a failing branch fails the state with its error', definition: one({ Type: 'Parallel', Branches: [branch({ Type: 'Pass' }), { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'BranchError', Cause: 'x' } } }] }), input: {}, expected: failed('BranchError', 'x'), source: DOC.parallel },
  { name: 'parallel: Catch takes a branch failure', definition: { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'c' } } }], Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } } },
    input: { a: 1 }, expected: ok({ a: 1, err: { Error: 'E', Cause: 'c' } }), source: DOC.errors },
  { name: 'parallel: ResultSelector picks branch outputs', definition: one({ Type: 'Parallel', Branches: [branch({ Type: 'Pass', Result: { v: 1 } }), branch({ Type: 'Pass', Result: { v: 2 } })], ResultSelector: { 'first.$': '$[0].v', 'second.$': '$[1].v' } }),
    input: {}, expected: ok({ first: 1, second: 2 }), source: DOC.parallel },
  { name: 'parallel: nested Parallel', definition: one({ Type: 'Parallel', Branches: [{ StartAt: 'Q', States: { Q: { Type: 'Parallel', Branches: [branch({ Type: 'Pass', Result: 1 })], End: true } } }] }), input: {}, expected: ok([[1]]), source: DOC.parallel },
  { name: 'parallel: a branch of several states', definition: one({ Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', Result: 1, ResultPath: '$.a', Next: 'B' }, B: { Type: 'Pass', Result: 2, ResultPath: '$.b', End: true } } }] }), input: {}, expected: ok([{ a: 1, b: 2 }]), source: DOC.parallel },
  { name: 'parallel: Retry re-runs the whole state', definition: one({ Type: 'Parallel', Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } }], Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1, IntervalSeconds: 1 }] }),
    input: {}, mocks: { T: { 0: { Throw: { Error: 'E', Cause: 'c' } }, 1: { Return: 'ok' } } }, expected: ok(['ok']), source: DOC.errors },
];
