/** Items shorter than this are insertion-sorted before merging. */
const RUN = 16;

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
