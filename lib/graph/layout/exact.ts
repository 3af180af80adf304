import { schedule } from '../critical-path';
import { Dag, indexDag } from '../dag';
import type { Plan, PlanNode } from '../plan';
import { topoIndices } from '../topo';
import { planMakespan } from './makespan';
import { parOf, seqOf } from './private/build';
import { seriesParallelLayout } from './series-parallel';
import type { LayoutStrategy } from './strategy';

/**
 * Exact layout: makespan = critical path on every DAG. The tasks are covered by chains, each chain
 * a branch of one Parallel; a dependency that is not the previous task of the same chain becomes a
 * cross-branch wait (`waitFor`, compiled to the callback pattern). Every task then starts exactly
 * when its last dependency finishes. Chains are grown greedily in topological order, each task
 * extending the chain of its latest-finishing dependency when that chain still ends there, so the
 * critical path stays in one chain and few edges cross.
 */
export const exactLayout: LayoutStrategy = {
  name: 'exact',
  layout(dag: Dag): Plan {
    const ix = indexDag(dag);
    const order = topoIndices(ix);
    const s = schedule(ix, order);
    const chainOf = new Int32Array(ix.ids.length).fill(-1);
    const chains: number[][] = [];
    for (const v of order) {
      const candidates = ix.preds[v]
        .filter((u) => chains[chainOf[u]][chains[chainOf[u]].length - 1] === u)
        .sort((a, b) => s.eft[b] - s.eft[a] || a - b);
      const c = candidates.length > 0 ? chainOf[candidates[0]] : chains.push([]) - 1;
      chains[c].push(v);
      chainOf[v] = c;
    }
    const crossEdges: [string, string][] = [];
    const branches: PlanNode[] = chains.map((chain) => seqOf(chain.map((v, k) => {
      const waitFor = ix.preds[v].filter((u) => k === 0 || chain[k - 1] !== u).map((u) => ix.ids[u]);
      for (const u of waitFor) crossEdges.push([u, ix.ids[v]]);
      return waitFor.length > 0 ? { kind: 'task' as const, id: ix.ids[v], waitFor } : { kind: 'task' as const, id: ix.ids[v] };
    })));
    return { root: parOf(branches), strategy: 'exact', crossEdges };
  },
};

/**
 * Auto: the series-parallel layout when it already reaches the critical path (no cross edges, no
 * coordination table), else the exact layout.
 */
export const autoLayout: LayoutStrategy = {
  name: 'auto',
  layout(dag: Dag): Plan {
    const sp = seriesParallelLayout.layout(dag);
    const cp = schedule(indexDag(dag)).length;
    if (planMakespan(sp, dag) <= cp * (1 + 1e-12)) return { ...sp, strategy: 'auto' };
    return { ...exactLayout.layout(dag), strategy: 'auto' };
  },
};
