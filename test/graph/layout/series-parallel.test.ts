import fc from 'fast-check';
import { criticalPath } from '../../../lib/graph/critical-path';
import type { Dag } from '../../../lib/graph/dag';
import { planMakespan } from '../../../lib/graph/layout';
import { seriesParallelLayout } from '../../../lib/graph/layout/series-parallel';
import { arbSpDag } from '../../support/arbitraries';

const dag = (tasks: [string, string[], number][]): Dag => ({ source: 's', tasks: tasks.map(([id, dependsOn, durationSeconds]) => ({ id, dependsOn, durationSeconds })) });
const t = (id: string) => ({ kind: 'task' as const, id });

describe('series-parallel layout', () => {
  test('a chain is one sequence', () => {
    // GIVEN a → b → c
    const d = dag([['a', [], 1], ['b', ['a'], 2], ['c', ['b'], 3]]);
    // WHEN / THEN
    expect(seriesParallelLayout.layout(d)).toStrictEqual({ strategy: 'sp', crossEdges: [], root: { kind: 'seq', children: [t('a'), t('b'), t('c')] } });
  });

  test('a diamond (fork-join) is one sequence around one parallel', () => {
    // GIVEN a → (b | c) → d
    const d = dag([['a', [], 1], ['b', ['a'], 2], ['c', ['a'], 3], ['d', ['b', 'c'], 1]]);
    // WHEN
    const plan = seriesParallelLayout.layout(d);
    // THEN
    expect(plan).toStrictEqual({ strategy: 'sp', crossEdges: [], root: { kind: 'seq', children: [t('a'), { kind: 'par', branches: [t('b'), t('c')] }, t('d')] } });
  });

  test('independent chains run in parallel', () => {
    const d = dag([['a', [], 1], ['b', ['a'], 1], ['x', [], 5], ['y', ['x'], 1]]);
    expect(seriesParallelLayout.layout(d).root).toStrictEqual({ kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), t('b')] }, { kind: 'seq', children: [t('x'), t('y')] },
    ] });
  });

  test('the N shape (a → c, b → c, b → d: not series-parallel) puts the wait on the short side', () => {
    // GIVEN a and d long, b and c short: critical path a → c = 11
    const d = dag([['a', [], 10], ['b', [], 1], ['c', ['a', 'b'], 1], ['d', ['b'], 10]]);
    // WHEN
    const plan = seriesParallelLayout.layout(d);
    // THEN b ; ((a ; c) | d) = 12, rather than naive's (a | b) ; (c | d) = 20
    expect(plan.root).toStrictEqual({ kind: 'seq', children: [t('b'), { kind: 'par', branches: [{ kind: 'seq', children: [t('a'), t('c')] }, t('d')] }] });
    expect(planMakespan(plan, d)).toBe(12);
  });

  test('the N shape with a long b keeps the level cut, the best series-parallel plan', () => {
    // GIVEN b and d long (b → d = 15 is the critical path)
    const d = dag([['a', [], 1], ['b', [], 5], ['c', ['a', 'b'], 5], ['d', ['b'], 10]]);
    // WHEN
    const plan = seriesParallelLayout.layout(d);
    // THEN (a | b) ; (c | d) = 15: exact here
    expect(plan.root).toStrictEqual({ kind: 'seq', children: [{ kind: 'par', branches: [t('a'), t('b')] }, { kind: 'par', branches: [t('c'), t('d')] }] });
    expect(planMakespan(plan, d)).toBe(15);
  });

  test('property: exact (makespan = critical path) on random series-parallel DAGs', () => {
    fc.assert(fc.property(arbSpDag(), (d) => {
      expect(planMakespan(seriesParallelLayout.layout(d), d)).toBeCloseTo(criticalPath(d).lengthSeconds, 6);
    }), { numRuns: 1000 });
  });
});
