import { isMapManifest, mapResults } from '../../../lambdas/private/map-results';

const files: Record<string, string> = {
  's3://r/m/SUCCEEDED_0.json': JSON.stringify([
    { Input: JSON.stringify({ index: 2, item: 'c' }), Output: '"C"', Status: 'SUCCEEDED' },
    { Input: JSON.stringify({ index: 0, item: 'a' }), Output: '"A"', Status: 'SUCCEEDED' },
    { Input: JSON.stringify({ Items: [{ index: 3 }, { index: 4 }] }), Output: '["D","E"]', Status: 'SUCCEEDED' },
  ]),
  's3://r/m/FAILED_0.json': JSON.stringify([{ Input: JSON.stringify({ index: 1 }), Status: 'FAILED', Error: 'Boom', Cause: 'x' }]),
};
const get = async (bucket: string, key: string) => files[`s3://${bucket}/${key}`];

describe('map results (ResultWriter manifest read back)', () => {
  test('results come back in item order, batches spread over their items, failed items as their error', async () => {
    // GIVEN the manifest of a run with a batch and a failed item
    const manifest = { DestinationBucket: 'r', ResultFiles: { SUCCEEDED: [{ Key: 'm/SUCCEEDED_0.json' }], FAILED: [{ Key: 'm/FAILED_0.json' }], PENDING: [] } };
    // WHEN
    const results = await mapResults(manifest, 'other', get);
    // THEN
    expect(isMapManifest(manifest)).toBe(true);
    expect(results).toStrictEqual(['A', { Error: 'Boom', Cause: 'x' }, 'C', 'D', 'E']);
  });

  test('a stored result that is not a manifest is not taken for one', () => {
    expect([isMapManifest({ ResultFiles: null }), isMapManifest([1]), isMapManifest({ data: 1 })]).toStrictEqual([false, false, false]);
  });
});
