import { schedule } from '../critical-path';
import { Dag, indexDag } from '../dag';
import type { Plan } from '../plan';
import { topoIndices } from '../topo';
import { chainLayout, crossEdgesOf } from './private/chains';
import { Decomposer } from './private/decomposer';
import type { LayoutStrategy } from './strategy';

/**
 * Exact layout: makespan = critical path on every DAG. The tasks are covered by chains, each chain
 * a branch of one Parallel; a dependency in another chain becomes a cross-branch wait (`waitFor`,
 * compiled to the callback pattern), so every task starts exactly when its last dependency
 * finishes. Simple and uniform, but it pays a wait for most edges: see `auto` for fewer.
 */
export const exactLayout: LayoutStrategy = {
  name: 'exact',
  layout(dag: Dag): Plan {
    const ix = indexDag(dag);
    const order = topoIndices(ix);
    const root = chainLayout(ix, order, schedule(ix, order).eft);
    return { root, strategy: 'exact', crossEdges: crossEdgesOf(root) };
  },
};

/**
 * Auto: makespan = critical path with as few cross-branch waits as this heuristic finds.
 * 1. The series-parallel decomposition, taking every wait-free cut (components in parallel,
 *    sequence cuts that cost nothing) and keeping track of the slack of each part.
 * 2. A connected set with no wait-free cut keeps its series-parallel plan when that fits in its
 *    slack (so when sp already reaches the critical path, auto is the sp plan, without waits);
 *    otherwise it becomes chains with waits local to that set (everything outside it is ordered by
 *    the nesting), which take exactly its critical path. So the whole takes the critical path.
 * 3. The exact layout instead, if it happens to need fewer waits than 2 (ties go to 2).
 * Not a minimum: choosing the fewest waits is a covering problem; this is greedy by construction.
 */
export const autoLayout: LayoutStrategy = {
  name: 'auto',
  layout(dag: Dag): Plan {
    const root = new Decomposer(indexDag(dag)).solveAllWithWaits();
    const hybrid = crossEdgesOf(root);
    const exact = exactLayout.layout(dag);
    if (exact.crossEdges.length < hybrid.length) return { ...exact, strategy: 'auto' };
    return { root, strategy: 'auto', crossEdges: hybrid };
  },
};
