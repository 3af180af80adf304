import { criticalPath } from '../critical-path';
import { Dag, indexDag } from '../dag';
import type { Plan } from '../plan';
import { exactLayout } from './exact';
import { planMakespan } from './makespan';
import { naiveLayout } from './naive';
import { crossEdgesOf, matchedChainLayout } from './private/chains';
import { Decomposer } from './private/decomposer';
import type { LayoutStrategy } from './strategy';
import { topoIndices } from '../topo';

/**
 * The makespan the default layout may add above the critical path to avoid cross-branch waits,
 * as a fraction of the critical path. Each wait costs 3-4 extra state transitions, a DynamoDB
 * write and a callback round trip on every run, and couples two branches; 1 % of the run time is
 * what the default gives up to avoid them.
 */
export const BALANCED_TOLERANCE = 0.01;

/**
 * Balanced (the default): cross-branch waits only where they pay for themselves.
 * The rule: the makespan budget is the critical path + 1 % (BALANCED_TOLERANCE).
 * 1. The best wait-free plan (sp, or naive if shorter) is taken when it fits the budget: no waits.
 * 2. Otherwise the sp decomposition shares the budget's slack out over its parts (see
 *    Decomposer.solveAllWithWaits): a part keeps its wait-free plan when that fits its share, a
 *    part that does not is cut where the loss still fits, and only a part with no such cut becomes
 *    chains with waits (which take exactly its critical path).
 *    A wait is therefore used only where, without it, the makespan would exceed the budget.
 * 3. Of that plan, all-chains by matching and the exact layout, the one with the fewest waits
 *    (ties: the first).
 * The result never exceeds the budget (2 and 3 fit it by construction).
 */
export const balancedLayout: LayoutStrategy = {
  name: 'balanced',
  layout(dag: Dag): Plan {
    const cp = criticalPath(dag).lengthSeconds;
    const budget = cp * (1 + BALANCED_TOLERANCE);
    const eps = 1e-9 * Math.max(1, cp);
    const decomposer = new Decomposer(indexDag(dag), true);
    const sp: Plan = { root: decomposer.solveAll(), strategy: 'balanced', crossEdges: [] };
    const naive = naiveLayout.layout(dag);
    const spSpan = planMakespan(sp, dag);
    const naiveSpan = planMakespan(naive, dag);
    if (Math.min(spSpan, naiveSpan) <= budget + eps) return naiveSpan < spSpan - eps ? { ...naive, strategy: 'balanced' } : sp;
    const root = decomposer.solveAllWithWaits(budget);
    const hybrid: Plan = { root, strategy: 'balanced', crossEdges: crossEdgesOf(root) };
    const ix = indexDag(dag);
    const matchedRoot = matchedChainLayout(ix, topoIndices(ix));
    const candidates: Plan[] = [hybrid, { root: matchedRoot, strategy: 'balanced', crossEdges: crossEdgesOf(matchedRoot) }, { ...exactLayout.layout(dag), strategy: 'balanced' }];
    return candidates.reduce((best, p) => (p.crossEdges.length < best.crossEdges.length ? p : best));
  },
};
