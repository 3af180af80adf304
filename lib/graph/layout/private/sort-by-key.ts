/** Items shorter than this are insertion-sorted before merging. */
const RUN = 16;

/**
 * Sorts task indices by a key, exactly as `[...items].sort((a, b) => key[a] - key[b])` does
 * (stable: ties keep their order in `items`), without calling a comparator: a bottom-up merge
 * sort over two scratch buffers reused across calls. The decomposer sorts each set up to six
 * times per cut; with a comparator, that sort was the largest cost of laying out 10,000-task DAGs.
 */
export class KeySorter {
  private a: Int32Array;
  private b: Int32Array;

  constructor(capacity: number) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  sort(items: readonly number[], key: Float64Array): number[] {
    const m = items.length;
    let src = this.a;
    let dst = this.b;
    for (let i = 0; i < m; i++) {
      // A NaN key has no order: leave it to the comparator sort, whatever that does with it.
      if (Number.isNaN(key[items[i]])) return [...items].sort((x, y) => key[x] - key[y]);
      src[i] = items[i];
    }
    for (let lo = 0; lo < m; lo += RUN) {
      const hi = Math.min(lo + RUN, m);
      for (let i = lo + 1; i < hi; i++) {
        const v = src[i];
        const kv = key[v];
        let j = i - 1;
        while (j >= lo && key[src[j]] > kv) { src[j + 1] = src[j]; j--; }
        src[j + 1] = v;
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
        while (i < mid && j < hi) dst[o++] = key[src[j]] < key[src[i]] ? src[j++] : src[i++];
        while (i < mid) dst[o++] = src[i++];
        while (j < hi) dst[o++] = src[j++];
      }
      const t = src; src = dst; dst = t;
    }
    const out = new Array<number>(m);
    for (let i = 0; i < m; i++) out[i] = src[i];
    return out;
  }
}
