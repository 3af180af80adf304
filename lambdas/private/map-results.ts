/**
 * The results of a Distributed Map that wrote them to S3 (ResultWriter), read back as the array a
 * Map state would have returned. The map task's result in the state is a reference to the
 * ResultWriter's `manifest.json` (`{DestinationBucket, MapRunArn, ResultFiles: {SUCCEEDED, FAILED,
 * PENDING}}`, each a list of `{Key, Size}` files holding JSON arrays of child execution records
 * `{Input, Output, Status, Error, Cause, ...}` with Input and Output as JSON text: "ResultWriter
 * (Map)", Step Functions developer guide). dagstep's ItemSelector puts each item's `index` in its
 * child's input (a batch: `Items[k].index`), so results land in item order; a failed item's entry
 * is its `{Error, Cause}`.
 */

/** The ResultWriter manifest, as much of it as dagstep reads. */
export interface MapManifest {
  readonly DestinationBucket?: string;
  readonly MapRunArn?: string;
  readonly ResultFiles: Readonly<Record<string, readonly { readonly Key: string; readonly Size?: number }[]>>;
}

interface ChildRecord {
  readonly Input?: string;
  /** JSON text (DescribeExecution), or the parsed value. */
  readonly Output?: unknown;
  readonly Status?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

/** True for a ResultWriter manifest. */
export function isMapManifest(v: unknown): v is MapManifest {
  return typeof v === 'object' && v !== null && typeof (v as MapManifest).ResultFiles === 'object' && (v as MapManifest).ResultFiles !== null
    && Array.isArray((v as MapManifest).ResultFiles.SUCCEEDED);
}

/** The item results of the map run `manifest` describes, in item order (`get` reads one S3 object). */
export async function mapResults(manifest: MapManifest, bucket: string, get: (bucket: string, key: string) => Promise<string>): Promise<unknown[]> {
  const out: unknown[] = [];
  const files = [...(manifest.ResultFiles.SUCCEEDED ?? []), ...(manifest.ResultFiles.FAILED ?? [])];
  const bodies = await Promise.all(files.map((f) => get(manifest.DestinationBucket ?? bucket, f.Key)));
  for (const body of bodies) {
    for (const r of JSON.parse(body) as ChildRecord[]) place(out, r);
  }
  return out;
}

function place(out: unknown[], r: ChildRecord): void {
  const input = (typeof r.Input === 'string' ? JSON.parse(r.Input) : r.Input ?? {}) as { index?: number; Items?: { index?: number }[] };
  const failed = r.Status !== undefined && r.Status !== 'SUCCEEDED';
  const value: unknown = failed ? { Error: r.Error, Cause: r.Cause } : typeof r.Output === 'string' ? JSON.parse(r.Output) as unknown : r.Output ?? null;
  if (Array.isArray(input.Items)) {
    input.Items.forEach((item, k) => {
      const i = item.index ?? out.length;
      out[i] = failed ? value : Array.isArray(value) ? value[k] ?? null : value;
    });
    return;
  }
  out[input.index ?? out.length] = value;
}
