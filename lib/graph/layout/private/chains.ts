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

/**
 * Like chainLayout (every task starts when its last dependency in the set finishes, so the set's
 * makespan is its critical path), with the chains chosen to need few waits: a chain follows
 * dependency edges, and the most edges are kept inside chains by a maximum matching of each task
 * to one dependent (augmenting paths from a greedy start). Every in-set dependency in another
 * chain is a wait. `set` is in topological order.
 */
export function matchedChainLayout(ix: DagIndex, set: readonly number[]): PlanNode {
  const pos = new Map<number, number>();
  set.forEach((v, i) => pos.set(v, i));
  const m = set.length;
  // next[i] / prev[i]: the chain successor / predecessor of set[i] (-1 when none).
  const next = new Int32Array(m).fill(-1);
  const prev = new Int32Array(m).fill(-1);
  const succ: number[][] = set.map((v) => ix.succs[v].filter((w) => pos.has(w)).map((w) => pos.get(w)!));
  for (let i = 0; i < m; i++) {
    for (const j of succ[i]) if (prev[j] === -1) { next[i] = j; prev[j] = i; break; }
  }
  // Kuhn's augmenting paths from every unmatched task, iteratively (chains can be long).
  const seen = new Int32Array(m).fill(-1);
  for (let root = 0; root < m; root++) {
    if (next[root] !== -1 || succ[root].length === 0) continue;
    const stack: { i: number; k: number; via: number }[] = [{ i: root, k: 0, via: -1 }];
    seen[root] = root;
    let found = -1;
    while (stack.length > 0 && found === -1) {
      const top = stack[stack.length - 1];
      if (top.k >= succ[top.i].length) { stack.pop(); continue; }
      const j = succ[top.i][top.k++];
      const owner = prev[j];
      if (owner === -1) { found = j; break; }
      if (seen[owner] === root) continue;
      seen[owner] = root;
      stack.push({ i: owner, k: 0, via: j });
    }
    if (found === -1) continue;
    // Flip the path: each task on the stack takes the dependent found below it.
    let j = found;
    for (let d = stack.length - 1; d >= 0; d--) {
      const i = stack[d].i;
      const old = next[i];
      next[i] = j;
      prev[j] = i;
      j = stack[d].via;
      if (j === -1) break;
      if (old !== j) throw new Error('internal: augmenting path');
    }
  }
  const chainOf = new Int32Array(m);
  const chains: number[][] = [];
  for (let i = 0; i < m; i++) {
    if (prev[i] !== -1) continue;
    const chain: number[] = [];
    for (let k = i; k !== -1; k = next[k]) { chainOf[k] = chains.length; chain.push(k); }
    chains.push(chain);
  }
  return parOf(chains.map((chain) => seqOf(chain.map((i): PlanTask => {
    const v = set[i];
    const waitFor = ix.preds[v].filter((u) => pos.has(u) && chainOf[pos.get(u)!] !== chainOf[i]).map((u) => ix.ids[u]);
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
