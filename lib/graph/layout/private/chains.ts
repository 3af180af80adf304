import type { DagIndex } from '../../dag';
import type { PlanNode, PlanTask } from '../../plan';
import { parOf, seqOf } from './build';

/**
 * Lays a set of tasks out as parallel chains joined by cross-branch waits, so that every task
 * starts exactly when its last dependency in the set finishes (the set's makespan is its critical
 * path). `set` is in topological order; `eft` holds each task's earliest finish within the set.
 *
 * Chains grow greedily in that order: a task extends the chain of its latest-finishing dependency
 * when that dependency still ends its chain (so the critical chain stays in one branch), else it
 * starts a new chain. A dependency in the same chain runs before it in the same sequence; every
 * other dependency in the set becomes a `waitFor` (it must also hand over its result). Waits point
 * to earlier tasks of a topological order, so they cannot deadlock. Dependencies outside the set
 * are the caller's: they must run before the whole set.
 */
export function chainLayout(ix: DagIndex, set: readonly number[], eft: ArrayLike<number>): PlanNode {
  const inSet = new Set(set);
  const chainOf = new Map<number, number>();
  const chains: number[][] = [];
  for (const v of set) {
    let pick = -1;
    for (const u of ix.preds[v]) {
      if (!inSet.has(u)) continue;
      const chain = chains[chainOf.get(u)!];
      if (chain[chain.length - 1] !== u) continue;
      if (pick === -1 || eft[u] > eft[pick] || (eft[u] === eft[pick] && u < pick)) pick = u;
    }
    const c = pick === -1 ? chains.push([]) - 1 : chainOf.get(pick)!;
    chains[c].push(v);
    chainOf.set(v, c);
  }
  return parOf(chains.map((chain) => seqOf(chain.map((v): PlanTask => {
    const c = chainOf.get(v)!;
    const waitFor = ix.preds[v].filter((u) => inSet.has(u) && chainOf.get(u) !== c).map((u) => ix.ids[u]);
    return waitFor.length > 0 ? { kind: 'task', id: ix.ids[v], waitFor } : { kind: 'task', id: ix.ids[v] };
  }))));
}

/** The cross-branch edges of a plan, `[from, to]` for each `waitFor`, in plan order. */
export function crossEdgesOf(node: PlanNode): [string, string][] {
  switch (node.kind) {
    case 'task': return (node.waitFor ?? []).map((from) => [from, node.id]);
    case 'seq': return node.children.flatMap(crossEdgesOf);
    case 'par': return node.branches.flatMap(crossEdgesOf);
  }
}
