/** The simulated time line's zero: a local run starts at 2026-01-01T00:00:00Z. */
export const EPOCH = Date.UTC(2026, 0, 1);

const isoCache = new Map<number, string>();
/** Simulated seconds → ISO timestamp, cached (many states share a timestamp). */
export function iso(seconds: number): string {
  let v = isoCache.get(seconds);
  if (v === undefined) {
    v = new Date(EPOCH + seconds * 1000).toISOString();
    if (isoCache.size > 100000) isoCache.clear();
    isoCache.set(seconds, v);
  }
  return v;
}
