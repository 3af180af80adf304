/**
 * Runs of this many items are insertion-sorted before merging. Most sets the decomposer sorts have
 * 25-150 tasks, which insertion sort alone orders fastest here: its inner loop mispredicts once per
 * item, a merge about every other comparison (RUN 16 took twice as long on the 10,000-task layered
 * DAG's sets). Larger sets still merge, so the cost stays n log n.
 */
const RUN = 256;

/**
 * Sorts task indices by a key, exactly as `[...items].sort((a, b) => key[a] - key[b])` does
 * (stable: ties keep their order in `items`), without calling a comparator: a bottom-up merge
 * sort over two scratch buffers reused across calls. The decomposer sorts each set up to six
 * times per cut; with a comparator, that sort was the largest cost of laying out 10,000-task DAGs.
 */
export class KeySorter {
  // Items and their keys side by side (the keys copied once): comparisons read no key through an item.
  private a: Int32Array;
  private b: Int32Array;
  private ka: Float64Array;
  private kb: Float64Array;

  constructor(capacity: number) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.ka = new Float64Array(capacity);
    this.kb = new Float64Array(capacity);
  }

  sort(items: readonly number[], key: Float64Array): number[] {
    const m = items.length;
    for (let i = 0; i < m; i++) {
      const v = items[i];
      const kv = key[v];
      // A NaN key has no order: leave it to the comparator sort, whatever that does with it.
      if (Number.isNaN(kv)) return [...items].sort((x, y) => key[x] - key[y]);
      this.a[i] = v;
      this.ka[i] = kv;
    }
    const sorted = this.sortLoaded(m);
    const out = new Array<number>(m);
    for (let i = 0; i < m; i++) out[i] = sorted[i];
    return out;
  }

  /**
   * `sort([0, 1, ..., m - 1], key)`: the indices 0..m-1 by `key[i]` (ties in index order), in a
   * scratch array valid until the next call (its first m elements).
   */
  sortIndices(m: number, key: Float64Array): Int32Array {
    for (let i = 0; i < m; i++) {
      if (Number.isNaN(key[i])) return Int32Array.from(Array.from({ length: m }, (_, j) => j).sort((x, y) => key[x] - key[y]));
      this.a[i] = i;
      this.ka[i] = key[i];
    }
    return this.sortLoaded(m);
  }

  /**
   * `sortIndices(m, key)`, starting from `start` (from `offset` on: a permutation of 0..m-1, such as the order of a
   * similar key): ties go by index, so the result is the same whatever `start` is; only the work is
   * less when `start` is nearly in order (insertion sort: one step per item out of place). Sets
   * longer than RUN ignore `start` and merge as sortIndices does.
   */
  sortIndicesFrom(m: number, key: Float64Array, start: Int32Array, offset = 0): Int32Array {
    if (m > RUN) return this.sortIndices(m, key);
    const { a, ka } = this;
    for (let i = 0; i < m; i++) {
      const v = start[offset + i];
      const kv = key[v];
      if (Number.isNaN(kv)) return this.sortIndices(m, key);
      let j = i - 1;
      while (j >= 0 && (ka[j] > kv || (ka[j] === kv && a[j] > v))) { a[j + 1] = a[j]; ka[j + 1] = ka[j]; j--; }
      a[j + 1] = v;
      ka[j + 1] = kv;
    }
    return a;
  }

  /** Sorts the first m items of `a` by their keys in `ka`; returns the buffer holding the result. */
  private sortLoaded(m: number): Int32Array {
    let src = this.a;
    let dst = this.b;
    let ks = this.ka;
    let kd = this.kb;
    for (let lo = 0; lo < m; lo += RUN) {
      const hi = Math.min(lo + RUN, m);
      for (let i = lo + 1; i < hi; i++) {
        const v = src[i];
        const kv = ks[i];
        let j = i - 1;
        while (j >= lo && ks[j] > kv) { src[j + 1] = src[j]; ks[j + 1] = ks[j]; j--; }
        src[j + 1] = v;
        ks[j + 1] = kv;
      }
    }
    for (let width = RUN; width < m; width *= 2) {
      for (let lo = 0; lo < m; lo += 2 * width) {
        const mid = Math.min(lo + width, m);
        const hi = Math.min(lo + 2 * width, m);
        let i = lo;
        let j = mid;
        let o = lo;
        // Strictly smaller keys from the right half go first: equal keys keep their order.
        while (i < mid && j < hi) {
          if (ks[j] < ks[i]) { dst[o] = src[j]; kd[o++] = ks[j++]; } else { dst[o] = src[i]; kd[o++] = ks[i++]; }
        }
        while (i < mid) { dst[o] = src[i]; kd[o++] = ks[i++]; }
        while (j < hi) { dst[o] = src[j]; kd[o++] = ks[j++]; }
      }
      const t = src; src = dst; dst = t;
      const tk = ks; ks = kd; kd = tk;
    }
    return src;
  }
}
