import fc from 'fast-check';
import { criticalPath } from '../../../lib/graph/critical-path';
import type { Dag } from '../../../lib/graph/dag';
import { checkPlan, planMakespan } from '../../../lib/graph/layout';
import { autoLayout, exactLayout } from '../../../lib/graph/layout/exact';
import { seriesParallelLayout } from '../../../lib/graph/layout/series-parallel';
import { arbDag, arbSpDag } from '../../support/arbitraries';

const dag = (tasks: [string, string[], number][]): Dag => ({ source: 's', tasks: tasks.map(([id, dependsOn, durationSeconds]) => ({ id, dependsOn, durationSeconds })) });
const t = (id: string, waitFor?: string[]) => (waitFor ? { kind: 'task' as const, id, waitFor } : { kind: 'task' as const, id });
/** The N shape a → c, b → c, b → d with a and d long: sp takes 12, the critical path is 11. */
const nShape = dag([['a', [], 10], ['b', [], 1], ['c', ['a', 'b'], 1], ['d', ['b'], 10]]);

describe('exact layout', () => {
  test('the N shape: two chains, c waits for b across branches', () => {
    // WHEN
    const plan = exactLayout.layout(nShape);
    // THEN
    expect(plan).toStrictEqual({ strategy: 'exact', crossEdges: [['b', 'c']], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), t('c', ['b'])] }, { kind: 'seq', children: [t('b'), t('d')] },
    ] } });
    expect(planMakespan(plan, nShape)).toBe(11);
  });

  test('a diamond: the dependency in the same chain is nested, the other one waits', () => {
    // GIVEN a → (b 2 s | c 3 s) → d
    const d = dag([['a', [], 1], ['b', ['a'], 2], ['c', ['a'], 3], ['d', ['b', 'c'], 1]]);
    // WHEN
    const plan = exactLayout.layout(d);
    // THEN b (declared first) extends a's chain, c starts a chain waiting for a, and d extends
    // c's chain (c finishes last) waiting for b
    expect(plan).toStrictEqual({ strategy: 'exact', crossEdges: [['a', 'c'], ['b', 'd']], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), t('b')] }, { kind: 'seq', children: [t('c', ['a']), t('d', ['b'])] },
    ] } });
    expect(planMakespan(plan, d)).toBe(5);
  });

  test('a chain needs no wait', () => {
    const d = dag([['a', [], 1], ['b', ['a'], 2], ['c', ['b'], 3]]);
    expect(exactLayout.layout(d)).toStrictEqual({ strategy: 'exact', crossEdges: [], root: { kind: 'seq', children: [t('a'), t('b'), t('c')] } });
  });
});

describe('auto layout', () => {
  test('the N shape: the one wait that brings the makespan to the critical path', () => {
    // WHEN
    const plan = autoLayout.layout(nShape);
    // THEN
    expect(plan).toStrictEqual({ strategy: 'auto', crossEdges: [['b', 'c']], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), t('c', ['b'])] }, { kind: 'seq', children: [t('b'), t('d')] },
    ] } });
    expect(planMakespan(plan, nShape)).toBe(11);
  });

  test('a non-series-parallel part with slack keeps its series-parallel plan (no wait)', () => {
    // GIVEN an N shape of short tasks beside a long task z: the N's 1 s loss fits in z's shadow
    const d = dag([['a', [], 1], ['b', [], 1], ['c', ['a', 'b'], 1], ['d', ['b'], 1], ['z', [], 100]]);
    // WHEN
    const plan = autoLayout.layout(d);
    // THEN
    expect(plan).toStrictEqual({ ...seriesParallelLayout.layout(d), strategy: 'auto' });
    expect(plan.crossEdges).toStrictEqual([]);
  });

  test('property: on series-parallel DAGs auto is the sp plan, without waits', () => {
    fc.assert(fc.property(arbSpDag(), (d) => {
      expect(autoLayout.layout(d)).toStrictEqual({ ...seriesParallelLayout.layout(d), strategy: 'auto' });
    }), { numRuns: 1000 });
  });

  test('property: auto never needs more waits than exact, and both reach the critical path', () => {
    fc.assert(fc.property(arbDag({ maxTasks: 30 }), (d) => {
      const auto = autoLayout.layout(d);
      const exact = exactLayout.layout(d);
      expect(auto.crossEdges.length).toBeLessThanOrEqual(exact.crossEdges.length);
      expect(checkPlan(auto, d)).toStrictEqual([]);
      expect(planMakespan(auto, d)).toBeCloseTo(criticalPath(d).lengthSeconds, 9);
    }), { numRuns: 1000 });
  });
});
