import { at, ConformanceCase, failed, ok } from './case';

/** AWS-validated recordings of LocalStack's snapshot tests (the expected values are AWS's responses). */
const SCENARIOS = (test: string) => `AWS execution history recorded in localstack/localstack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (${test})`;
const reader = (ReaderConfig: Record<string, unknown>, start: Record<string, unknown> = {}) => ({ StartAt: Object.keys(start).length ? 'Start' : 'MapState', States: {
  ...(Object.keys(start).length ? { Start: { Type: 'Pass', ...start, Next: 'MapState' } } : {}),
  MapState: { Type: 'Map', MaxConcurrency: 1, End: true, ItemReader: { ReaderConfig, Resource: 'arn:aws:states:::s3:getObject', Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' } },
    ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'PassItem', States: { PassItem: { Type: 'Pass', End: true } } } } } });
const CSV = 'Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\n';
const rows = (n: number) => [['Value1', 'Value2'], ['Value3', 'Value4'], ['Value5', 'Value6']].slice(0, n).map(([a, b]) => ({ Col1: a, Col2: b }));
const file = (key: string, body: string) => ({ input: { Bucket: 'b', Key: key }, s3: { [`b/${key}`]: body } });

/** Distributed Map ItemReader over S3 objects: CSV rows, MaxItems by path, AWS's reader errors. */
export const ITEM_READER_CASES: ConformanceCase[] = [
  { name: 'item reader: a CSV line of spaces is a row, the final newline is not', definition: reader({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }),
    ...file('a.csv', 'Col1,Col2,Col3\nValue1,Value2,Value3\n   \n'), expected: ok([{ Col1: 'Value1', Col2: 'Value2', Col3: 'Value3' }, { Col1: '   ', Col2: '', Col3: '' }]),
    source: SCENARIOS('test_map_item_reader_base_csv_headers_first_line') },
  { name: 'item reader: declared CSV headers must not repeat', definition: reader({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1', 'H1', 'H3'] }),
    ...file('a.csv', 'Value1,Value2,Value3\n'), expected: failed('States.ItemReaderFailed', 'CSV headers cannot contain duplicates.'), source: SCENARIOS('test_map_item_reader_csv_headers_decl_duplicate_headers') },
  ...([[2, rows(2)], [0, rows(3)], [100_000_001, rows(3)]] as [number, unknown[]][]).map(([max, items]) => ({
    name: `item reader: MaxItemsPath to ${String(max)} reads ${items.length} rows`, definition: reader({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItemsPath: '$.MaxItems' }),
    input: { Bucket: 'b', Key: 'a.csv', MaxItems: max }, s3: { 'b/a.csv': CSV }, expected: ok(items), source: SCENARIOS(`test_map_item_reader_csv_max_items_paths[${String(max)}]`) })),
  { name: 'item reader: MaxItemsPath to -1 fails the reader', definition: reader({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItemsPath: '$.MaxItems' }),
    input: { Bucket: 'b', Key: 'a.csv', MaxItems: -1 }, s3: { 'b/a.csv': CSV }, expected: failed('States.ItemReaderFailed', 'field MaxItems must be positive'), source: SCENARIOS('test_map_item_reader_csv_max_items_paths[-1]') },
  { name: 'item reader: MaxItemsPath to 1.5 is not a valid integer', definition: reader({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItemsPath: '$.MaxItems' }),
    input: { Bucket: 'b', Key: 'a.csv', MaxItems: 1.5 }, s3: { 'b/a.csv': CSV },
    expected: failed('States.Runtime', at('MapState', 2, 'The MaxItemsPath field refers to value "1.5" which is not a valid integer: $.MaxItems')), source: SCENARIOS('test_map_item_reader_csv_max_items_paths[1.5]') },
  { name: 'item reader: MaxItemsPath may name a variable holding a numeric string', definition: reader({ InputType: 'JSON', MaxItemsPath: '$maxItems' }, { Assign: { maxItems: '2' } }),
    ...file('a.json', '[1,2,3]'), expected: ok([1, 2]),
    source: 'AWS execution history recorded in localstack/localstack tests/aws/services/stepfunctions/v2/assign/test_assign_reference_variables.snapshot.json (test_reference_in_map_state_max_items_path)' },
  { name: 'item reader: a JSON object that is not an array cannot be mapped over', definition: reader({ InputType: 'JSON' }),
    ...file('a.json', '{"a":1}'), expected: failed('States.ItemReaderFailed', 'Attempting to map over non-iterable node.'), source: SCENARIOS('test_map_item_reader_json_no_json_list_object') },
];
