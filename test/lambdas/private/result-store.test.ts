import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  InMemoryResultBackend, installResultStore, isResultRef, resolveResults, resultKey, storeIfLarge,
} from '../../../lambdas/private/result-store';

const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-42';
const ctx = { executionId: EXEC, taskId: 'extract' };
const s3 = mockClient(S3Client);

afterEach(() => {
  installResultStore(undefined);
  s3.reset();
  delete process.env.DAGSTEP_RESULT_BUCKET;
  delete process.env.DAGSTEP_RESULT_THRESHOLD_BYTES;
});

describe('result store (claim check)', () => {
  test('a result over the threshold is stored and replaced by a reference; the next task gets the value back', async () => {
    // GIVEN an in-memory bucket with a 1 KB threshold
    const backend = new InMemoryResultBackend();
    installResultStore({ bucket: 'results-bucket', backend, thresholdBytes: () => 1024 });
    const big = { rows: 'x'.repeat(5000) };
    // WHEN stored
    const ref = await storeIfLarge(big, ctx);
    // THEN the reference names the key and size, and resolving gives the value back
    expect(ref).toStrictEqual({ '$dagstep.ref': 's3://results-bucket/results/run-42/extract.json', size: JSON.stringify(big).length });
    expect(await resolveResults({ extract: ref, other: { n: 1 } })).toStrictEqual({ extract: big, other: { n: 1 } });
  });

  test('small results, a 0 threshold and no configured bucket keep results inline', async () => {
    // GIVEN no store: inline
    expect(await storeIfLarge({ rows: 'x'.repeat(100_000) }, ctx)).toStrictEqual({ rows: 'x'.repeat(100_000) });
    // GIVEN a store with 0 threshold for this task and 10 bytes for others
    installResultStore({ bucket: 'b', backend: new InMemoryResultBackend(), thresholdBytes: (t) => (t === 'extract' ? 0 : 10) });
    expect(await storeIfLarge({ rows: 'x'.repeat(100) }, ctx)).toStrictEqual({ rows: 'x'.repeat(100) });
    expect(isResultRef(await storeIfLarge({ rows: 'x'.repeat(100) }, { ...ctx, taskId: 'other' }))).toBe(true);
    expect(await storeIfLarge({ a: 1 }, { ...ctx, taskId: 'other' })).toStrictEqual({ a: 1 });
  });

  test('map items get their own key, and a map\'s array of item results is resolved item by item', async () => {
    // GIVEN two large item results of a map task
    installResultStore({ bucket: 'b', backend: new InMemoryResultBackend(), thresholdBytes: () => 10 });
    const items = [await storeIfLarge({ page: 'a'.repeat(20) }, { ...ctx, itemIndex: 0 }), { small: 1 }, await storeIfLarge({ page: 'b'.repeat(20) }, { ...ctx, itemIndex: 2 })];
    // WHEN the next task's results are resolved
    const resolved = await resolveResults({ extract: items });
    // THEN
    expect(resultKey({ ...ctx, itemIndex: 7 })).toBe('results/run-42/extract/7.json');
    expect(resolved).toStrictEqual({ extract: [{ page: 'a'.repeat(20) }, { small: 1 }, { page: 'b'.repeat(20) }] });
  });

  test('in Lambda the environment names the S3 bucket and the threshold', async () => {
    // GIVEN the variables the Workflow construct sets
    process.env.DAGSTEP_RESULT_BUCKET = 'prod-results';
    process.env.DAGSTEP_RESULT_THRESHOLD_BYTES = '16';
    const body = JSON.stringify({ big: 'y'.repeat(64) });
    // The SDK's body stream, reduced to the one method the helper calls.
    s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => body } } as never);
    // WHEN a large result is stored and a reference resolved
    const ref = await storeIfLarge({ big: 'y'.repeat(64) }, ctx);
    const resolved = await resolveResults({ extract: ref });
    // THEN S3 got the object under results/ and gave it back
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toStrictEqual({
      Bucket: 'prod-results', Key: 'results/run-42/extract.json', Body: body, ContentType: 'application/json',
    });
    expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toStrictEqual({ Bucket: 'prod-results', Key: 'results/run-42/extract.json' });
    expect(resolved).toStrictEqual({ extract: { big: 'y'.repeat(64) } });
  });

  test('a missing stored result fails the task with a clear error', async () => {
    // GIVEN an empty in-memory bucket
    installResultStore({ bucket: 'b', backend: new InMemoryResultBackend(), thresholdBytes: () => 10 });
    // WHEN / THEN
    await expect(resolveResults({ a: { '$dagstep.ref': 's3://b/results/x/a.json' } })).rejects.toThrow('stored result s3://b/results/x/a.json not found');
  });
});
