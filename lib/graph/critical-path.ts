import { Dag, DagIndex, indexDag } from './dag';
import { topoIndices } from './topo';

/** Earliest start/finish of every task (ASAP) and the longest remaining path from it (its "tail"). */
export interface Schedule {
  readonly est: Float64Array;
  readonly eft: Float64Array;
  /** Longest path from the start of the task to the end of the DAG, its own duration included. */
  readonly tail: Float64Array;
  /** Length of the critical path. */
  readonly length: number;
}

/** ASAP schedule of an indexed DAG, optionally restricted to a subset of its tasks. */
export function schedule(ix: DagIndex, order: readonly number[] = topoIndices(ix)): Schedule {
  const n = ix.ids.length;
  const est = new Float64Array(n);
  const eft = new Float64Array(n);
  const tail = new Float64Array(n);
  for (const v of order) {
    let s = 0;
    for (const u of ix.preds[v]) s = Math.max(s, eft[u]);
    est[v] = s;
    eft[v] = s + ix.duration[v];
  }
  let length = 0;
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k];
    let t = 0;
    for (const w of ix.succs[v]) t = Math.max(t, tail[w]);
    tail[v] = t + ix.duration[v];
    length = Math.max(length, tail[v]);
  }
  return { est, eft, tail, length };
}

/** The critical path: the longest chain of `durationSeconds`, and its length (the makespan lower bound). */
export function criticalPath(dag: Dag): { lengthSeconds: number; path: string[] } {
  const ix = indexDag(dag);
  if (ix.ids.length === 0) return { lengthSeconds: 0, path: [] };
  const s = schedule(ix);
  // Start at the task with the longest tail (first declared on ties) and follow the longest tail.
  let v = -1;
  for (let i = 0; i < ix.ids.length; i++) {
    if (ix.preds[i].length === 0 && (v === -1 || s.tail[i] > s.tail[v])) v = i;
  }
  const path = [ix.ids[v]];
  for (;;) {
    let next = -1;
    for (const w of ix.succs[v]) if (next === -1 || s.tail[w] > s.tail[next] || (s.tail[w] === s.tail[next] && w < next)) next = w;
    if (next === -1) break;
    v = next;
    path.push(ix.ids[v]);
  }
  return { lengthSeconds: s.length, path };
}
