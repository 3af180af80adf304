/**
 * Runs handler calls one at a time (as separate Lambda containers would not share a module, a
 * handler's module-level logger and metrics must not interleave two invocations) and collects what
 * each writes to stdout/stderr — the Powertools JSON log and EMF lines — instead of printing it.
 */
export class HandlerSandbox {
  private queue: Promise<unknown> = Promise.resolve();

  /** Calls `work` exclusively, returning its result (or error) with the lines it wrote. */
  run<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; logs: string[] }> {
    const next = this.queue.then(() => this.capture(work));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async capture<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; logs: string[] }> {
    const logs: string[] = [];
    // Saved to be put back as they were (bound methods would not be the originals).
    // eslint-disable-next-line @typescript-eslint/unbound-method -- restored onto process.stdout below, never called detached
    const out = process.stdout.write;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- restored onto process.stderr below, never called detached
    const err = process.stderr.write;
    const grab = (chunk: unknown) => {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') logs.push(line);
      return true;
    };
    const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- console's methods, put back as they were below
    const saved = consoleMethods.map((m) => console[m]);
    process.stdout.write = grab;
    process.stderr.write = grab;
    for (const m of consoleMethods) console[m] = (...args: unknown[]) => { grab(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')); };
    try {
      return { value: await work(), logs };
    } catch (error) {
      return { error, logs };
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      consoleMethods.forEach((m, i) => { console[m] = saved[i]; });
    }
  }
}
