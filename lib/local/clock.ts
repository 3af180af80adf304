/**
 * A discrete-event scheduler: simulated time advances only when every in-flight piece of work is
 * waiting on the clock, so task durations, retry waits, timeouts and Wait states cost no real time.
 * With `realTime`, sleeps really wait.
 */
export class Scheduler {
  /** Seconds since the execution started (simulated, or real with realTime). */
  private current: number;
  private readonly heap: { t: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  private active = 0;
  private readonly realStart = Date.now();

  /** `start`: the simulated time to begin at (a redrive continues its execution's time line). */
  constructor(private readonly realTime = false, private readonly start = 0) {
    this.current = start;
  }

  get now(): number {
    return this.realTime ? this.start + (Date.now() - this.realStart) / 1000 : this.current;
  }

  /** Resolves after `seconds` of (simulated) time. */
  sleep(seconds: number): Promise<void> {
    // A bad duration (NaN, Infinity) never stalls the clock: it is no wait at all.
    const s = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
    if (this.realTime) return new Promise((r) => setTimeout(r, s * 1000));
    return new Promise((resolve) => this.push({ t: this.current + s, seq: this.seq++, resolve }));
  }

  /** Marks real (non-simulated) async work in flight, so the clock waits for it. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
    }
  }

  /**
   * Drives `main` to completion, advancing simulated time whenever nothing else can progress.
   * `blocked` names what the run waits for when no timer is left (e.g. a task token): a deadlock.
   */
  async run<T>(main: Promise<T>, blocked: () => string | undefined): Promise<T> {
    if (this.realTime) return main;
    let done = false;
    main.then(() => { done = true; }, () => { done = true; });
    while (!done) {
      await tick();
      if (done) break;
      if (this.active > 0) continue;
      if (this.heap.length === 0) {
        for (let i = 0; i < 3 && !done && this.heap.length === 0 && this.active === 0; i++) await tick();
        if (done || this.heap.length > 0 || this.active > 0) continue;
        throw new Error(`local engine: execution is stuck (no timer, no work in flight)${blocked() ? `: ${blocked()}` : ''}`);
      }
      const t = this.heap[0].t;
      this.current = t;
      while (this.heap.length > 0 && this.heap[0].t === t) this.pop().resolve();
    }
    return main;
  }

  private push(x: { t: number; seq: number; resolve: () => void }): void {
    const h = this.heap;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private pop(): { t: number; seq: number; resolve: () => void } {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

const less = (a: { t: number; seq: number }, b: { t: number; seq: number }) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
const tick = () => new Promise<void>((r) => setImmediate(r));

/** A seeded random source in [0, 1) (mulberry32): same seed, same run. */
export function seededRandom(seed: number): () => number {
  let a = (seed >>> 0) || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
