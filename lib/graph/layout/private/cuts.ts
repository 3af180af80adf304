/** The cuts candidateCuts draws from a set's orders, and how the decomposer picks among them. */

/** A cut of `order` after k tasks; h1/h2 hash its prefix (so equal splits from two orders are tried once). */
export interface RankedCut { readonly order: readonly number[]; readonly k: number; readonly cost: number; readonly h1: number; readonly h2: number }
export interface Cut { readonly order: readonly number[]; readonly exactSplits: number[]; readonly best: RankedCut[] }


/** The wait-free cut nearest the middle of the first order that has one (keeps long chains shallow). */
export function exactCut(cuts: readonly Cut[]): { order: readonly number[]; k: number } | undefined {
  const exact = cuts.find((c) => c.exactSplits.length > 0);
  if (!exact) return undefined;
  const mid = exact.order.length / 2;
  const k = exact.exactSplits.reduce((best, x) => (Math.abs(x - mid) < Math.abs(best - mid) ? x : best));
  return { order: exact.order, k };
}

export function sameSet(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The cuts of all orders by bound, then k (stable: ties keep their order): an insertion sort, as there are at most ORDERS × BEAM. */
export function rankCuts(cuts: readonly Cut[]): RankedCut[] {
  const out: RankedCut[] = [];
  for (const c of cuts) {
    for (const r of c.best) {
      let at = out.length;
      while (at > 0 && (out[at - 1].cost > r.cost || (out[at - 1].cost === r.cost && out[at - 1].k > r.k))) at--;
      out.splice(at, 0, r);
    }
  }
  return out;
}

/** The first `limit` cuts that split the set differently (same prefix, by its hash: tried once). */
export function distinctCuts(cuts: readonly RankedCut[], limit: number): RankedCut[] {
  const out: RankedCut[] = [];
  for (const c of cuts) {
    if (out.length === limit) break;
    if (!out.some((o) => o.h1 === c.h1 && o.h2 === c.h2 && o.k === c.k)) out.push(c);
  }
  return out;
}
