import { gzipSync } from 'zlib';
import { InMemoryS3, readItems, writeResults } from '../../lib/local/s3-memory';

const GET = 'arn:aws:states:::s3:getObject';
const read = (s3: InMemoryS3, InputType: string | undefined, Key: string, MaxItems?: number) =>
  readItems(s3, { Resource: GET, ReaderConfig: { ...(InputType ? { InputType } : {}), ...(MaxItems ? { MaxItems } : {}) }, Parameters: { Bucket: 'b', Key } }, 'M');

describe('in-memory S3 (ItemReader / ResultWriter of local Distributed Maps)', () => {
  test('items from a JSON array, JSON Lines, a CSV with a header row, capped by MaxItems', async () => {
    // GIVEN
    const s3 = new InMemoryS3();
    await s3.put('b', 'a.json', '[1,2,3]');
    await s3.put('b', 'a.jsonl', '{"n":1}\n{"n":2}\n\n{"n":3}\n');
    await s3.put('b', 'a.csv', 'id,name\n1,"Smith, J"\n2,"say ""hi"""\n');
    // WHEN / THEN
    expect(await read(s3, undefined, 'a.json')).toStrictEqual([1, 2, 3]);
    expect(await read(s3, 'JSONL', 'a.jsonl', 2)).toStrictEqual([{ n: 1 }, { n: 2 }]);
    expect(await read(s3, 'CSV', 'a.csv')).toStrictEqual([{ id: '1', name: 'Smith, J' }, { id: '2', name: 'say "hi"' }]);
  });

  test('items from a prefix (listObjectsV2) and from an S3 Inventory manifest', async () => {
    // GIVEN two objects under in/, one elsewhere, and an inventory whose gzipped CSV lists two keys
    const s3 = new InMemoryS3();
    await s3.put('b', 'in/1.txt', 'x');
    await s3.put('b', 'in/2.txt', 'yy');
    await s3.put('b', 'out/3.txt', 'z');
    await s3.put('b', 'inv/data.csv.gz', gzipSync('"src","a%20b.txt"\n"src","c.txt"\n').toString('base64'));
    await s3.put('b', 'inv/manifest.json', JSON.stringify({ files: [{ key: 'inv/data.csv.gz' }] }));
    // WHEN
    const listed = await readItems(s3, { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b', Prefix: 'in/' } }, 'M');
    const inventory = await read(s3, 'MANIFEST', 'inv/manifest.json');
    // THEN
    expect(listed.map((o) => [(o as { Key: string }).Key, (o as { Size: number }).Size])).toStrictEqual([['in/1.txt', 1], ['in/2.txt', 2]]);
    expect(inventory).toStrictEqual([{ Bucket: 'src', Key: 'a b.txt' }, { Bucket: 'src', Key: 'c.txt' }]);
  });

  test('a missing object or a non-array is States.ItemReaderFailed (a non-array in AWS\'s words)', async () => {
    // GIVEN
    const s3 = new InMemoryS3();
    await s3.put('b', 'o.json', '{"not":"an array"}');
    // WHEN / THEN
    await expect(read(s3, 'JSON', 'nope.json')).rejects.toMatchObject({ error: 'States.ItemReaderFailed', cause: 'Map "M": s3://b/nope.json does not exist (NoSuchKey)' });
    await expect(read(s3, 'JSON', 'o.json')).rejects.toMatchObject({ error: 'States.ItemReaderFailed', cause: 'Attempting to map over non-iterable node.' });
  });

  test('a CSV keeps a row of blanks, and refuses duplicate headers and a negative MaxItems', async () => {
    // GIVEN a CSV whose last line holds only spaces, and headers declared twice
    const s3 = new InMemoryS3();
    await s3.put('b', 'a.csv', 'A,B\n1,2\n   \n');
    const csv = (ReaderConfig: Record<string, unknown>) => readItems(s3, { Resource: GET, ReaderConfig: { InputType: 'CSV', ...ReaderConfig }, Parameters: { Bucket: 'b', Key: 'a.csv' } }, 'M');
    // WHEN / THEN the blank line is a row, the final newline is not
    expect(await csv({})).toStrictEqual([{ A: '1', B: '2' }, { A: '   ', B: '' }]);
    await expect(csv({ CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H', 'H'] })).rejects.toMatchObject({ error: 'States.ItemReaderFailed', cause: 'CSV headers cannot contain duplicates.' });
    await expect(csv({ MaxItems: -1 })).rejects.toMatchObject({ error: 'States.ItemReaderFailed', cause: 'field MaxItems must be positive' });
  });

  test('ResultWriter writes SUCCEEDED and FAILED files and a manifest under <prefix>/<map run id>/', async () => {
    // GIVEN one succeeded and one failed child
    const s3 = new InMemoryS3();
    const arn = 'arn:aws:states:local:000000000000:mapRun:w/M:abc';
    const ok = { ExecutionArn: 'e0', Name: 'n0', Input: '{"index":0}', Status: 'SUCCEEDED' as const, Output: '2' };
    const bad = { ExecutionArn: 'e1', Name: 'n1', Input: '{"index":1}', Status: 'FAILED' as const, Error: 'Boom', Cause: 'x' };
    // WHEN
    const out = await writeResults(s3, { Bucket: 'r', Prefix: 'results/maps/M' }, arn, [ok, bad]);
    // THEN
    expect(out).toStrictEqual({ MapRunArn: arn, ResultWriterDetails: { Bucket: 'r', Key: 'results/maps/M/abc/manifest.json' } });
    expect(JSON.parse(await s3.get('r', 'results/maps/M/abc/manifest.json'))).toStrictEqual({ DestinationBucket: 'r', MapRunArn: arn, ResultFiles: {
      FAILED: [{ Key: 'results/maps/M/abc/FAILED_0.json', Size: JSON.stringify([bad]).length }], PENDING: [],
      SUCCEEDED: [{ Key: 'results/maps/M/abc/SUCCEEDED_0.json', Size: JSON.stringify([ok]).length }],
    } });
  });
});
