import { Dag, DagIndex, indexDag } from './dag';

/**
 * Topological order by index (Kahn's algorithm, ties broken by declaration order, so the order is
 * deterministic). Returns fewer than n entries when the graph has a cycle.
 */
export function topoIndices(ix: DagIndex): number[] {
  const n = ix.ids.length;
  const indeg = ix.preds.map((p) => p.length);
  // A binary heap on the index keeps "smallest declared first" in O(n log n).
  const heap: number[] = [];
  const push = (v: number) => {
    heap.push(v);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= heap[i]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l] < heap[m]) m = l;
        if (r < heap.length && heap[r] < heap[m]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  for (let v = 0; v < n; v++) if (indeg[v] === 0) push(v);
  const order: number[] = [];
  while (heap.length > 0) {
    const v = pop();
    order.push(v);
    for (const w of ix.succs[v]) if (--indeg[w] === 0) push(w);
  }
  return order;
}

/** Task ids in a deterministic topological order (declaration order among ready tasks). */
export function topoOrder(dag: Dag): string[] {
  const ix = indexDag(dag);
  return topoIndices(ix).map((i) => ix.ids[i]);
}

/** ASAP levels: level 0 holds the tasks without dependencies, level k those whose deepest dependency is at k-1. */
export function levels(dag: Dag): string[][] {
  const ix = indexDag(dag);
  const level = new Array<number>(ix.ids.length).fill(0);
  for (const v of topoIndices(ix)) {
    for (const u of ix.preds[v]) level[v] = Math.max(level[v], level[u] + 1);
  }
  const out: string[][] = [];
  ix.ids.forEach((id, i) => (out[level[i]] ??= []).push(id));
  return out;
}
