import { gunzipSync } from 'zlib';
import { StatesError } from './errors';
import type { Json } from './types';

/**
 * The S3 of local runs: objects in memory, keyed `s3://<bucket>/<key>`. A Distributed Map reads its
 * items from it (ItemReader) and writes its results to it (ResultWriter); the claim-check helpers
 * of lambdas/ read and write the same objects, so what one task stores the next one reads.
 */
export class InMemoryS3 {
  readonly objects = new Map<string, string>();

  async put(bucket: string, key: string, body: string): Promise<void> {
    this.objects.set(`s3://${bucket}/${key}`, body);
  }

  async get(bucket: string, key: string): Promise<string> {
    const body = this.objects.get(`s3://${bucket}/${key}`);
    if (body === undefined) throw Object.assign(new Error(`s3://${bucket}/${key} not found`), { name: 'NoSuchKey' });
    return body;
  }

  /** Objects under `prefix`, in key order, shaped like ListObjectsV2's `Contents`. */
  list(bucket: string, prefix = ''): { Key: string; Size: number; ETag: string; LastModified: string; StorageClass: string }[] {
    const head = `s3://${bucket}/${prefix}`;
    return [...this.objects.entries()].filter(([k]) => k.startsWith(head)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, body]) => ({
      Key: k.slice(`s3://${bucket}/`.length), Size: Buffer.byteLength(body, 'utf8'), ETag: `"${body.length.toString(16)}"`,
      LastModified: '2026-01-01T00:00:00.000Z', StorageClass: 'STANDARD',
    }));
  }
}

/** An ASL ItemReader whose Parameters are already evaluated. */
export interface ItemReaderSpec {
  readonly Resource: string;
  readonly ReaderConfig?: {
    readonly InputType?: string; readonly MaxItems?: number; readonly CSVHeaderLocation?: string; readonly CSVHeaders?: readonly string[];
  };
  readonly Parameters?: { readonly Bucket: string; readonly Key?: string; readonly Prefix?: string };
  /** JSONata states name them Arguments. */
  readonly Arguments?: ItemReaderSpec['Parameters'];
}

/**
 * The items an ItemReader gives ("ItemReader (Map)", Step Functions developer guide): a JSON array,
 * JSON Lines, a CSV whose first row (or `CSVHeaders`) names the fields (every value a string), an
 * S3 Inventory manifest (`{Bucket, Key}` per object of its CSV files), or the objects under a prefix
 * (`s3:listObjectsV2`); at most `ReaderConfig.MaxItems`.
 */
export async function readItems(s3: InMemoryS3, reader: ItemReaderSpec, stateName: string): Promise<Json[]> {
  const { Bucket, Key, Prefix } = reader.Parameters ?? reader.Arguments ?? { Bucket: '' };
  const max = reader.ReaderConfig?.MaxItems;
  // The causes below without a state name are AWS's as recorded (localstack
  // tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json, test_map_item_reader_*).
  if (max !== undefined && max < 0) throw new StatesError('States.ItemReaderFailed', 'field MaxItems must be positive');
  const cap = (items: Json[]) => (max !== undefined && max > 0 ? items.slice(0, max) : items);
  if (/:s3:listObjectsV2$/.test(reader.Resource)) return cap(s3.list(Bucket, Prefix));
  if (!/:s3:getObject$/.test(reader.Resource) || Key === undefined) throw new StatesError('States.ItemReaderFailed', `Map "${stateName}": ItemReader ${reader.Resource} needs s3:getObject with a Key or s3:listObjectsV2`);
  const body = await s3.get(Bucket, Key).catch(() => {
    throw new StatesError('States.ItemReaderFailed', `Map "${stateName}": s3://${Bucket}/${Key} does not exist (NoSuchKey)`);
  });
  const type = reader.ReaderConfig?.InputType ?? 'JSON';
  if (type === 'JSON') {
    const v = parse(body, Bucket, Key, stateName);
    if (!Array.isArray(v)) throw new StatesError('States.ItemReaderFailed', 'Attempting to map over non-iterable node.');
    return cap(v);
  }
  if (type === 'JSONL') return cap(lines(body).map((l) => parse(l, Bucket, Key, stateName)));
  if (type === 'CSV') return cap(csvRows(body, reader.ReaderConfig?.CSVHeaders));
  if (type === 'MANIFEST') {
    const manifest = parse(body, Bucket, Key, stateName) as { files?: { key: string }[] };
    const items: Json[] = [];
    for (const f of manifest.files ?? []) {
      const raw = s3.objects.get(`s3://${Bucket}/${f.key}`);
      if (raw === undefined) throw new StatesError('States.ItemReaderFailed', `Map "${stateName}": inventory file s3://${Bucket}/${f.key} does not exist`);
      const text = f.key.endsWith('.gz') ? gunzipSync(Buffer.from(raw, 'base64')).toString('utf8') : raw;
      for (const row of lines(text)) {
        const [bucket, key] = splitCsv(row);
        items.push({ Bucket: bucket, Key: decodeURIComponent(key) });
      }
    }
    return cap(items);
  }
  throw new StatesError('States.ItemReaderFailed', `Map "${stateName}": ReaderConfig.InputType ${type} is not one of JSON, JSONL, CSV, MANIFEST`);
}

function parse(text: string, bucket: string, key: string, stateName: string): Json {
  try {
    return JSON.parse(text);
  } catch {
    throw new StatesError('States.ItemReaderFailed', `Map "${stateName}": s3://${bucket}/${key} is not valid JSON`);
  }
}

const lines = (text: string): string[] => text.split(/\r?\n/).filter((l) => l.trim() !== '');

/** CSV rows: every line but empty ones is a row, one of blanks too (AWS keeps it, as recorded). */
function csvRows(text: string, headers?: readonly string[]): Json[] {
  const rows = text.split(/\r?\n/).filter((l) => l !== '').map(splitCsv);
  const names = headers ?? rows.shift() ?? [];
  if (new Set(names).size !== names.length) throw new StatesError('States.ItemReaderFailed', 'CSV headers cannot contain duplicates.');
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ''])));
}

/** One CSV row: commas, double-quoted fields with `""` escapes. */
function splitCsv(row: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (quoted) {
      if (c === '"' && row[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** One child execution as ResultWriter records it (Transformation NONE). */
export interface ChildRecord {
  readonly ExecutionArn: string;
  readonly Name: string;
  readonly Input: string;
  readonly Status: 'SUCCEEDED' | 'FAILED';
  readonly Output?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

/** Records per result file (AWS splits result files by size; a fixed count is enough locally). */
const RECORDS_PER_FILE = 10_000;

/**
 * Writes a Map Run's results as ResultWriter does ("ResultWriter (Map)"): under
 * `<Prefix>/<map run id>/`, `SUCCEEDED_<n>.json` and `FAILED_<n>.json` (JSON arrays of child
 * execution records) and `manifest.json` (`{DestinationBucket, MapRunArn, ResultFiles: {FAILED,
 * PENDING, SUCCEEDED}}`, each file `{Key, Size}`). Returns the Map's output `{MapRunArn,
 * ResultWriterDetails: {Bucket, Key}}`.
 */
export async function writeResults(s3: InMemoryS3, target: { Bucket: string; Prefix?: string }, mapRunArn: string,
  records: readonly ChildRecord[]): Promise<Json> {
  const runId = mapRunArn.split(':').pop()!;
  const base = `${target.Prefix ? `${target.Prefix.replace(/\/$/, '')}/` : ''}${runId}/`;
  const files: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const mine = records.filter((r) => r.Status === status);
    for (let n = 0; n * RECORDS_PER_FILE < mine.length; n++) {
      const key = `${base}${status}_${n}.json`;
      const body = JSON.stringify(mine.slice(n * RECORDS_PER_FILE, (n + 1) * RECORDS_PER_FILE));
      await s3.put(target.Bucket, key, body);
      files[status].push({ Key: key, Size: Buffer.byteLength(body, 'utf8') });
    }
  }
  const manifestKey = `${base}manifest.json`;
  await s3.put(target.Bucket, manifestKey, JSON.stringify({ DestinationBucket: target.Bucket, MapRunArn: mapRunArn, ResultFiles: files }));
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: target.Bucket, Key: manifestKey } };
}
