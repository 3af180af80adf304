import { Dag, indexDag } from '../dag';
import type { Plan } from '../plan';
import { Decomposer } from './private/decomposer';
import type { LayoutStrategy } from './strategy';

/**
 * Series-parallel layout by recursive decomposition (after González-Escribano & van Gemund's
 * SP-ization of task graphs):
 * - a set of tasks that falls apart into independent components runs them in parallel;
 * - a connected set is cut into a prefix A (closed under dependencies) and the rest B, run in
 *   sequence. A cut costs at least cp(A) + cp(B) (their critical paths); when that equals cp of the
 *   whole set the cut adds no wait and is taken at once. Thresholds on the earliest finish are
 *   among the candidate cuts, and one of them is wait-free whenever any cut is, so on
 *   series-parallel DAGs the layout is exact (makespan = critical path).
 * - otherwise cuts are drawn from several orders (ASAP, ALAP and blends: any prefix of them is
 *   closed under dependencies), and the most promising few are tried recursively on small sets
 *   (memoised, with a budget of solve calls so that large DAGs stay fast).
 */
export const seriesParallelLayout: LayoutStrategy = {
  name: 'sp',
  layout(dag: Dag): Plan {
    return { root: new Decomposer(indexDag(dag)).solveAll(), strategy: 'sp', crossEdges: [] };
  },
};
