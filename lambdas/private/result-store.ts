import { DEFAULT_RESULT_THRESHOLD_BYTES, ENV, RESULT_PREFIX, RESULT_REF_KEY } from '../../lib/model/contract';
import type { TaskContext } from '../types';
import { isMapManifest, mapResults } from './map-results';

/**
 * Large results (claim check). A task result bigger than the threshold (UTF-8 JSON bytes; default
 * 64 KB, `DAGSTEP_RESULT_THRESHOLD_BYTES`, 0 = never) is stored in the result bucket
 * (`DAGSTEP_RESULT_BUCKET`) under `results/<execution name>/<task>[/<item>].json` and the task
 * returns `{ "$dagstep.ref": "s3://bucket/key", "size": bytes }` instead; the next task's helpers
 * replace every such reference in `results` by the stored value before its handler runs. Keys are
 * deterministic, so a retried attempt overwrites its own earlier result and never leaks a second one.
 *
 * A Distributed Map that writes its results to S3 (ResultWriter) hands on a reference to its
 * manifest; {@link loadRef} reads it back as the array of item results (./map-results.ts).
 *
 * Where objects live is injectable: Lambda uses S3; the local engine installs an in-memory bucket
 * with {@link installResultStore} (no AWS).
 */

/** Where stored results are kept. */
export interface ResultBackend {
  put(bucket: string, key: string, body: string): Promise<void>;
  get(bucket: string, key: string): Promise<string>;
}

/** The claim-check configuration the helpers use. */
export interface ResultStoreConfig {
  readonly bucket: string;
  readonly backend: ResultBackend;
  /** Threshold of a task's results, in bytes; 0 keeps them inline. */
  readonly thresholdBytes: (taskId: string) => number;
}

/** A reference to a stored result, as it travels in the state. */
export interface ResultRef {
  readonly [RESULT_REF_KEY]: string;
  readonly size?: number;
}

/** An in-memory bucket: what local runs and tests use instead of S3. */
export class InMemoryResultBackend implements ResultBackend {
  readonly objects = new Map<string, string>();
  async put(bucket: string, key: string, body: string): Promise<void> {
    this.objects.set(`s3://${bucket}/${key}`, body);
  }
  async get(bucket: string, key: string): Promise<string> {
    const body = this.objects.get(`s3://${bucket}/${key}`);
    if (body === undefined) throw Object.assign(new Error(`stored result s3://${bucket}/${key} not found`), { name: 'NoSuchKey' });
    return body;
  }
}

const INSTALLED = Symbol.for('dagstep.resultStore');
type Global = { [INSTALLED]?: ResultStoreConfig };

/** Installs a store for this process (local runs); `undefined` goes back to the environment (S3). */
export function installResultStore(config: ResultStoreConfig | undefined): void {
  (globalThis as Global)[INSTALLED] = config;
}

/** The store {@link installResultStore} installed, if any. */
export function installedResultStore(): ResultStoreConfig | undefined {
  return (globalThis as Global)[INSTALLED];
}

/** The installed store, else the one the environment names (S3), else none (results stay inline). */
export function resultStore(): ResultStoreConfig | undefined {
  const installed = (globalThis as Global)[INSTALLED];
  if (installed) return installed;
  const bucket = process.env[ENV.resultBucket];
  if (!bucket) return undefined;
  const raw = process.env[ENV.resultThresholdBytes];
  const threshold = raw === undefined || raw === '' || Number.isNaN(Number(raw)) ? DEFAULT_RESULT_THRESHOLD_BYTES : Number(raw);
  return { bucket, backend: s3Backend(), thresholdBytes: () => threshold };
}

let s3: ResultBackend | undefined;
function s3Backend(): ResultBackend {
  if (s3) return s3;
  // Loaded only when a bucket is configured, so functions that never store results never load S3.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: functions that never store results never load S3
  const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const client = new S3Client({});
  s3 = {
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    },
    async get(bucket, key) {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return r.Body ? await r.Body.transformToString('utf-8') : '';
    },
  };
  return s3;
}

/** True for `{ "$dagstep.ref": "s3://..." }`. */
export function isResultRef(v: unknown): v is ResultRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>)[RESULT_REF_KEY] === 'string';
}

/** The key of a task's stored result: `results/<execution name>/<task>[/<item>].json`. */
export function resultKey(ctx: Pick<TaskContext, 'executionId' | 'taskId' | 'itemIndex'>): string {
  const execution = String(ctx.executionId ?? 'unknown').split(':').pop()!.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${RESULT_PREFIX}${execution}/${ctx.taskId}${ctx.itemIndex !== undefined ? `/${ctx.itemIndex}` : ''}.json`;
}

/** Stores `result` and returns its reference when it is over the task's threshold; else returns it unchanged. */
export async function storeIfLarge(result: unknown, ctx: Pick<TaskContext, 'executionId' | 'taskId' | 'itemIndex'>): Promise<unknown> {
  const store = resultStore();
  if (!store || result === undefined) return result;
  const threshold = store.thresholdBytes(ctx.taskId);
  if (threshold <= 0) return result;
  const body = JSON.stringify(result);
  const size = Buffer.byteLength(body, 'utf8');
  if (size <= threshold) return result;
  const key = resultKey(ctx);
  await store.backend.put(store.bucket, key, body);
  return { [RESULT_REF_KEY]: `s3://${store.bucket}/${key}`, size };
}

/** The stored value a reference points to. */
export async function loadRef(ref: ResultRef): Promise<unknown> {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref[RESULT_REF_KEY]);
  if (!m) throw Object.assign(new Error(`malformed result reference ${JSON.stringify(ref)}`), { name: 'ValidationError' });
  const store = resultStore();
  const backend = store?.backend ?? s3Backend();
  const value: unknown = JSON.parse(await backend.get(m[1], m[2]));
  // A Distributed Map's ResultWriter manifest stands for the map's array of item results.
  return isMapManifest(value) ? mapResults(value, m[1], (b, k) => backend.get(b, k)) : value;
}

/** A result as its task returned it: a reference loaded; a map's array of item results, each item loaded. */
async function resolveOne(v: unknown): Promise<unknown> {
  if (isResultRef(v)) {
    const loaded = await loadRef(v);
    return Array.isArray(loaded) && loaded.some(isResultRef) ? resolveOne(loaded) : loaded;
  }
  if (Array.isArray(v) && v.some(isResultRef)) return Promise.all((v as unknown[]).map((x) => (isResultRef(x) ? loadRef(x) : x)));
  return v;
}

/** `results` with every reference (also in a map's item results) replaced by the value it points to, fetched in parallel. */
export async function resolveResults(results: Readonly<Record<string, unknown>> | undefined): Promise<Readonly<Record<string, unknown>> | undefined> {
  const hasRef = (v: unknown) => isResultRef(v) || (Array.isArray(v) && v.some(isResultRef));
  if (!results || !Object.values(results).some(hasRef)) return results;
  const entries = await Promise.all(Object.entries(results).map(async ([k, v]) => [k, await resolveOne(v)] as const));
  return Object.fromEntries(entries);
}
