import * as path from 'path';
import { compileDefinition } from '../../../lib/constructs/render-asl';
import { LocalWorkflow } from '../../../lib/testing/local-workflow';
import type { TaskModel } from '../../../lib/model/types';
import { task, workflow } from '../../support/models';

const H = (name: string) => path.resolve(__dirname, '../../fixtures/handlers/fanout', `${name}.ts`);
const NO_RETRY = { name: 'none', rules: [] };
const BUCKET = 'in-bucket';

/** A map task `each` over `items` (or an S3 reader), and `sum` reading its results. */
function fanOut(map: TaskModel['map'], extra: Partial<TaskModel> = {}) {
  return workflow('fan', [
    task('each', [], { handler: H('double'), retry: NO_RETRY, sideEffects: 'none', map, ...extra }),
    task('sum', ['each'], { handler: H('summarise'), retry: NO_RETRY }),
  ]);
}

describe('MapTask (distributed)', () => {
  test('a Distributed Map renders ItemReader with MaxItems, ItemBatcher with the shared BatchInput, ResultWriter to the result bucket and a reference', () => {
    // GIVEN items from a JSONL object, at most 1,000, in batches of 50 items / 64 KB
    const model = fanOut({ itemsPath: '$', mode: 'distributed', itemReader: { bucket: BUCKET, key: 'items.jsonl', format: 'jsonl' }, maxItems: 1000, batch: { maxItems: 50, maxBytes: 65536 } });
    // WHEN
    const each = compileDefinition(model).definition.States as Record<string, Record<string, unknown>>;
    const s = each.each;
    // THEN
    expect({ ItemReader: s.ItemReader, ItemBatcher: s.ItemBatcher, ResultWriter: s.ResultWriter, ResultSelector: s.ResultSelector,
      ItemSelector: s.ItemSelector, ItemsPath: s.ItemsPath }).toStrictEqual({
      ItemReader: { Resource: 'arn:${AWS::Partition}:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL', MaxItems: 1000 }, Parameters: { Bucket: BUCKET, Key: 'items.jsonl' } },
      ItemBatcher: { MaxItemsPerBatch: 50, MaxInputBytesPerBatch: 65536, BatchInput: { 'input.$': '$.input', results: {} } },
      ResultWriter: { Resource: 'arn:${AWS::Partition}:states:::s3:putObject', Parameters: { Bucket: expect.stringMatching(/^\$\{WorkflowResultStoreBucket[0-9A-F]+\}$/), Prefix: 'results/maps/each' } },
      ResultSelector: { '$dagstep.ref.$': "States.Format('s3://{}/{}', $.ResultWriterDetails.Bucket, $.ResultWriterDetails.Key)", 'mapRunArn.$': '$.MapRunArn' },
      ItemSelector: { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      ItemsPath: undefined,
    });
    expect((s.ItemProcessor as { States: Record<string, { Parameters: unknown }> }).States['each.item'].Parameters).toStrictEqual({
      'input.$': '$.BatchInput.input', 'results.$': '$.BatchInput.results', 'items.$': '$.Items[*].item',
      context: { workflow: 'fan', 'executionId.$': '$$.Execution.Id', taskId: 'each', 'attempt.$': '$$.State.RetryCount', 'itemIndex.$': '$.Items[0].index' },
    });
  });

  test('child executions are EXPRESS for a short repeatable task, STANDARD otherwise, or as map.childExecution says', () => {
    // GIVEN the same map: side-effect free (60 s, no retry); with side effects; 200 s × 2 attempts; forced
    const type = (extra: Partial<TaskModel>, map: Partial<NonNullable<TaskModel['map']>> = {}) => {
      const def = compileDefinition(fanOut({ itemsPath: '$.items', mode: 'distributed', ...map }, extra)).definition.States as Record<string, { ItemProcessor: { ProcessorConfig: unknown } }>;
      return def.each.ItemProcessor.ProcessorConfig;
    };
    // WHEN / THEN
    expect(type({})).toStrictEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect(type({ sideEffects: undefined })).toStrictEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(type({ timeoutSeconds: 200, retry: { name: 'r', rules: [{ errors: ['States.ALL'], intervalSeconds: 1, maxAttempts: 1, backoffRate: 2, jitter: 'NONE' }] } }))
      .toStrictEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(type({ sideEffects: undefined }, { childExecution: 'EXPRESS' })).toStrictEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
  });

  test('locally: 1,000 items read from a JSONL object in S3, in batches, reach the next task in item order through the ResultWriter', async () => {
    // GIVEN 1,200 JSONL items in the in-memory S3, read at most 1,000, 64 per batch
    const local = new LocalWorkflow(fanOut({ itemsPath: '$', mode: 'distributed', maxConcurrency: 50, itemReader: { bucket: BUCKET, key: 'in/items.jsonl', format: 'jsonl' }, maxItems: 1000, batch: { maxItems: 64 } }));
    await local.results.put(BUCKET, 'in/items.jsonl', Array.from({ length: 1200 }, (_, i) => JSON.stringify({ n: i })).join('\n'));
    // WHEN
    const { summary, result } = await local.run({ executionName: 'e1' });
    // THEN sum saw 1,000 doubled items; the state held a reference to the manifest; the parent's history holds no item
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.output).toStrictEqual({ results: {
      each: { '$dagstep.ref': expect.stringMatching(/^s3:\/\/\$\{WorkflowResultStoreBucket[0-9A-F]+\}\/results\/maps\/each\/[0-9a-f-]+\/manifest\.json$/), mapRunArn: expect.stringMatching(/:mapRun:fan\/each:/) },
      sum: { count: 1000, sum: 999 * 1000, failed: 0 },
    } });
    expect(result.history.filter((e) => e.stateName === 'each').map((e) => e.type)).toStrictEqual(['MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited']);
  });

  test('locally: a tolerant map whose items fail sends one letter naming the S3 object that lists them, and the next task sees their errors', async () => {
    // GIVEN 10 items, 2 failing, 30 % tolerated
    const local = new LocalWorkflow(fanOut({ itemsPath: '$.items', mode: 'distributed', toleratedFailurePercentage: 30 }));
    const items = Array.from({ length: 10 }, (_, n) => ({ n, fail: n === 3 || n === 7 }));
    // WHEN
    const { summary } = await local.run({ input: { items }, executionName: 'e2' });
    // THEN
    const ref = (summary.output as { results: { each: Record<string, unknown> } }).results.each;
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.deadLetters.map((d) => [d.kind, d.taskId, d.cause, d.failedItemsObject])).toStrictEqual([
      ['map-items', 'each', '2 of 10 items failed (tolerated)', ref['$dagstep.ref']],
    ]);
    expect(ref.counts).toStrictEqual({ failed: 2, total: 10 });
    expect((summary.output as { results: { sum: unknown } }).results.sum).toStrictEqual({ count: 10, sum: 2 * (45 - 3 - 7), failed: 2 });
    // AND the manifest lists the failed children with their input and error
    const manifest = JSON.parse(await local.results.get(...s3Parts(String(ref['$dagstep.ref']))));
    const failed = JSON.parse(await local.results.get(manifest.DestinationBucket, manifest.ResultFiles.FAILED[0].Key));
    expect(failed.map((r: { Input: string; Error: string }) => [JSON.parse(r.Input).index, r.Error])).toStrictEqual([[3, 'ValidationError'], [7, 'ValidationError']]);
  });

  test('locally: a required map whose items fail fails the execution at the Map; the guard sends one letter naming the task and its Map Run', async () => {
    // GIVEN 10 items, 2 failing, no tolerance (design (a): the Map's failure is not caught)
    const local = new LocalWorkflow(fanOut({ itemsPath: '$.items', mode: 'distributed' }));
    const items = Array.from({ length: 10 }, (_, n) => ({ n, fail: n === 3 || n === 7 }));
    // WHEN
    const { summary, result } = await local.run({ input: { items }, executionName: 'e3' });
    // THEN the execution failed at the Map (its Map Run failed; with no threshold in the ASL the local
    // engine fails it with the first failed item's error) and one letter names the map task and the Map Run
    expect([summary.status, result.error]).toStrictEqual(['FAILED', 'ValidationError']);
    const mapRunArn = result.history.find((e) => e.type === 'MapRunStarted')?.mapRunArn;
    expect(mapRunArn).toMatch(/:mapRun:fan\/each:/);
    expect(summary.deadLetters.map((d) => [d.kind, d.taskId, d.stateName, d.error, d.optional, d.mapRunArn])).toStrictEqual([
      ['task', 'each', 'each', 'ValidationError', false, mapRunArn],
    ]);
    // AND the parent's history holds the Map Run's events, not the items'
    expect(result.history.filter((e) => e.stateName === 'each').map((e) => e.type)).toStrictEqual(['MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunFailed']);
  });

  test('locally: a tolerant map over a void handler sends no letter (a null result is not a failed item)', async () => {
    // GIVEN a handler returning nothing, with and without the ResultWriter
    for (const resultWriter of [true, false]) {
      const local = new LocalWorkflow(workflow('void', [task('each', [], { handler: H('nothing'), retry: NO_RETRY, sideEffects: 'none', map: { itemsPath: '$.items', mode: 'distributed', toleratedFailurePercentage: 10, resultWriter } })]));
      // WHEN
      const { summary } = await local.run({ input: { items: [1, 2, 3] } });
      // THEN
      expect([resultWriter, summary.status, summary.deadLetters]).toStrictEqual([resultWriter, 'SUCCEEDED', []]);
    }
  });
});

function s3Parts(uri: string): [string, string] {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
  return [m[1], m[2]];
}
