import fc from 'fast-check';
import { criticalPath } from '../../../lib/graph/critical-path';
import type { Dag } from '../../../lib/graph/dag';
import { checkPlan, layout, planMakespan } from '../../../lib/graph/layout';
import { BALANCED_TOLERANCE, balancedLayout } from '../../../lib/graph/layout/balanced';
import { autoLayout, exactLayout } from '../../../lib/graph/layout/exact';
import { crossEdgesOf, matchedChainLayout } from '../../../lib/graph/layout/private/chains';
import { indexDag } from '../../../lib/graph/dag';
import { topoIndices } from '../../../lib/graph/topo';
import { arbDag, lcg } from '../../support/arbitraries';

const dag = (tasks: [string, string[], number][]): Dag => ({ source: 's', tasks: tasks.map(([id, dependsOn, durationSeconds]) => ({ id, dependsOn, durationSeconds })) });
const t = (id: string, waitFor?: string[]) => (waitFor ? { kind: 'task' as const, id, waitFor } : { kind: 'task' as const, id });

/**
 * Sparse DAGs like real pipelines (and bench/dags.ts randomDag): 20-300 tasks, each depending on
 * 0-3 earlier, mostly recent tasks, with heavy-tailed (Pareto) durations of 1 s to 1 h. Seeded
 * from the fast-check draw, so a failure replays.
 */
const sparseDags = () => fc.tuple(fc.integer({ min: 20, max: 300 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })).map(([n, seed]): Dag => {
  const r = lcg(seed);
  return {
    source: `sparse-${n}-${seed}`,
    tasks: Array.from({ length: n }, (_, i) => {
      const k = i === 0 ? 0 : Math.min(i, Math.floor(r() * 4));
      const deps = new Set<number>();
      for (let j = 0; j < k; j++) deps.add(Math.max(0, i - 1 - Math.floor(r() ** 2 * Math.min(i, 40))));
      return { id: `t${i}`, dependsOn: [...deps].map((d) => `t${d}`), durationSeconds: Math.min(3600, 1 / (1 - r() * 0.999) ** (1 / 1.2)) };
    }),
  };
});

const ratio = (d: Dag, plan = layout(d)) => planMakespan(plan, d) / criticalPath(d).lengthSeconds;

describe('balanced layout (the default)', () => {
  test('is the default mode and names itself', () => {
    const d = dag([['a', [], 1], ['b', ['a'], 1]]);
    expect(layout(d)).toStrictEqual(layout(d, 'balanced'));
    expect(layout(d).strategy).toBe('balanced');
  });

  test('the N shape with a 9 % loss: takes the one wait that reaches the critical path', () => {
    // GIVEN a → c, b → c, b → d with a and d long: sp takes 12 s, the critical path is 11 s
    const d = dag([['a', [], 10], ['b', [], 1], ['c', ['a', 'b'], 1], ['d', ['b'], 10]]);
    // WHEN
    const plan = balancedLayout.layout(d);
    // THEN
    expect(plan).toStrictEqual({ strategy: 'balanced', crossEdges: [['b', 'c']], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), t('c', ['b'])] }, { kind: 'seq', children: [t('b'), t('d')] },
    ] } });
    expect(planMakespan(plan, d)).toBe(11);
  });

  test('the N shape with a 0.1 % loss: no wait, the sp plan (auto would add one)', () => {
    // GIVEN the same shape with a and d 1,000 s: sp takes 1,002 s, the critical path is 1,001 s
    const d = dag([['a', [], 1000], ['b', [], 1], ['c', ['a', 'b'], 1], ['d', ['b'], 1000]]);
    // WHEN
    const plan = balancedLayout.layout(d);
    // THEN
    expect(plan).toStrictEqual({ ...layout(d, 'sp'), strategy: 'balanced' });
    expect(planMakespan(plan, d)).toBe(1002);
    expect(autoLayout.layout(d).crossEdges).toStrictEqual([['b', 'c']]);
  });

  test('property: valid and deterministic on small dense DAGs, within the tolerance, never more waits than exact', () => {
    fc.assert(fc.property(arbDag({ minTasks: 2, maxTasks: 30, edgeProbability: 0.15 }), (d) => {
      const plan = layout(d);
      expect(plan.crossEdges.length).toBeLessThanOrEqual(exactLayout.layout(d).crossEdges.length);
      expect(checkPlan(plan, d)).toStrictEqual([]);
      expect(layout(d)).toStrictEqual(plan);
      expect(ratio(d, plan)).toBeLessThanOrEqual(1 + BALANCED_TOLERANCE + 1e-9);
    }), { numRuns: 500 });
  });

  test('property: no wait where sp is within the tolerance (the plan is sp\'s)', () => {
    fc.assert(fc.property(arbDag({ minTasks: 2, maxTasks: 30, edgeProbability: 0.15 }), (d) => {
      const sp = layout(d, 'sp');
      fc.pre(ratio(d, sp) <= 1 + BALANCED_TOLERANCE);
      expect(layout(d)).toStrictEqual({ ...sp, strategy: 'balanced' });
    }), { numRuns: 500 });
  });

  test('property: on sparse 20-300-task DAGs the makespan is within 1 % of the critical path, and sp within 1 % means no wait', () => {
    fc.assert(fc.property(sparseDags(), (d) => {
      const plan = layout(d);
      expect(checkPlan(plan, d)).toStrictEqual([]);
      expect(ratio(d, plan)).toBeLessThanOrEqual(1.01 + 1e-9);
      if (ratio(d, layout(d, 'sp')) <= 1.01) expect(plan.crossEdges).toStrictEqual([]);
    }), { numRuns: 12, seed: 20261127 });
  });
});

describe('matchedChainLayout', () => {
  test('property: valid and at the critical path', () => {
    fc.assert(fc.property(arbDag({ minTasks: 2, maxTasks: 40, edgeProbability: 0.2 }), (d) => {
      const ix = indexDag(d);
      const root = matchedChainLayout(ix, topoIndices(ix));
      const plan = { root, strategy: 'matched', crossEdges: crossEdgesOf(root) };
      expect(checkPlan(plan, d)).toStrictEqual([]);
      expect(planMakespan(plan, d)).toBeCloseTo(criticalPath(d).lengthSeconds, 9);
    }), { numRuns: 500 });
  });

  test('a diamond a → (b, c) → d: two chains, two waits', () => {
    const d = dag([['a', [], 1], ['b', ['a'], 2], ['c', ['a'], 3], ['d', ['b', 'c'], 1]]);
    const ix = indexDag(d);
    expect(crossEdgesOf(matchedChainLayout(ix, topoIndices(ix))).length).toBe(2);
  });
});
