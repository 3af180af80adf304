/** What an instrumented call wrote: parsed JSON lines (logs and EMF), and console.warn messages. */
export interface Captured {
  readonly logs: any[];
  readonly emf: any[];
  readonly warnings: string[];
  readonly error?: unknown;
  readonly value?: unknown;
}

/**
 * Runs `fn` while capturing process.stdout/stderr (where Powertools Logger and Metrics write JSON
 * lines) and console.warn, the way the local engine collects a handler attempt's output.
 */
export async function capture(fn: () => Promise<unknown>): Promise<Captured> {
  const raw: string[] = [];
  const warnings: string[] = [];
  const out = process.stdout.write;
  const err = process.stderr.write;
  const warn = console.warn;
  const grab = ((c: unknown) => { raw.push(String(c)); return true; }) as typeof process.stdout.write;
  process.stdout.write = grab;
  process.stderr.write = grab;
  console.warn = (...m: unknown[]) => { warnings.push(m.map(String).join(' ')); };
  let error: unknown;
  let value: unknown;
  try { value = await fn(); } catch (e) { error = e; } finally { process.stdout.write = out; process.stderr.write = err; console.warn = warn; }
  const lines = raw.join('').split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l));
  return { logs: lines.filter((l) => !l._aws), emf: lines.filter((l) => l._aws), warnings, error, value };
}

/** A log line without the fields that change per run (timestamp, durations, stack). */
export function stable(line: any): any {
  const { timestamp: _t, durationMs, error, ...rest } = line;
  return {
    ...rest,
    ...(durationMs !== undefined ? { durationMs: typeof durationMs } : {}),
    ...(error !== undefined ? { error: { name: error.name, message: error.message } } : {}),
  };
}

/** An EMF line without its timestamp and with durations reduced to their type. */
export function stableEmf(line: any): any {
  const { _aws: { Timestamp: _t, ...aws }, TaskDurationMs, ...rest } = line;
  return { _aws: aws, ...rest, ...(TaskDurationMs !== undefined ? { TaskDurationMs: typeof TaskDurationMs } : {}) };
}
