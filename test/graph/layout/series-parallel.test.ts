import fc from 'fast-check';
import { criticalPath } from '../../../lib/graph/critical-path';
import type { Dag } from '../../../lib/graph/dag';
import { planMakespan } from '../../../lib/graph/layout';
import { seriesParallelLayout } from '../../../lib/graph/layout/series-parallel';

const dag = (tasks: [string, string[], number][]): Dag => ({ source: 's', tasks: tasks.map(([id, dependsOn, durationSeconds]) => ({ id, dependsOn, durationSeconds })) });
const t = (id: string) => ({ kind: 'task' as const, id });

/** Random series-parallel DAGs built by composition, as tasks with dependsOn. */
const arbSp: fc.Arbitrary<Dag> = fc.letrec<{ node: { tasks: { id: string; dependsOn: string[]; durationSeconds: number }[]; sources: string[]; sinks: string[] } }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 1, max: 50 }).map((d) => { const id = `n${Math.random().toString(36).slice(2, 8)}`; return { tasks: [{ id, dependsOn: [], durationSeconds: d }], sources: [id], sinks: [id] }; }),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => ({
      tasks: [...a.tasks, ...b.tasks.map((x) => (b.sources.includes(x.id) ? { ...x, dependsOn: [...x.dependsOn, ...a.sinks] } : x))],
      sources: a.sources, sinks: b.sinks,
    })),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => ({ tasks: [...a.tasks, ...b.tasks], sources: [...a.sources, ...b.sources], sinks: [...a.sinks, ...b.sinks] })),
  ),
})).node.filter((n) => n.tasks.length <= 40).map((n) => ({ source: 'sp.json', tasks: n.tasks }));

describe('series-parallel layout', () => {
  test('a fork-join is one sequence around one parallel', () => {
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

  test('the N shape (not series-parallel) waits only where it must: the short side', () => {
    // GIVEN c ← a, b and d ← b, with a long: the best cut keeps the long task a in front of c only
    const d = dag([['a', [], 10], ['b', [], 1], ['c', ['a', 'b'], 1], ['d', ['b'], 10]]);
    // WHEN
    const plan = seriesParallelLayout.layout(d);
    // THEN the makespan is 12 (b ; (a | d) ; c) rather than naive's 20
    expect(planMakespan(plan, d)).toBe(12);
  });

  test('property: exact (makespan = critical path) on random series-parallel DAGs', () => {
    fc.assert(fc.property(arbSp, (d) => {
      expect(planMakespan(seriesParallelLayout.layout(d), d)).toBeCloseTo(criticalPath(d).lengthSeconds, 6);
    }), { numRuns: 500 });
  });
});
