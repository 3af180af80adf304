import fc from 'fast-check';
import { criticalPath } from '../../../lib/graph/critical-path';
import { checkPlan, layout, planMakespan, STRATEGIES } from '../../../lib/graph/layout';
import { arbDag } from '../../support/arbitraries';

const RUNS = 1000;
/** 2-30 tasks: small enough for 1,000 runs per property in a few seconds. */
const dags = () => arbDag({ minTasks: 2, maxTasks: 30, edgeProbability: 0.15 });

describe('layout', () => {
  const d = { source: 's', tasks: [
    { id: 'a', dependsOn: [], durationSeconds: 10 }, { id: 'b', dependsOn: [], durationSeconds: 1 },
    { id: 'c', dependsOn: ['a', 'b'], durationSeconds: 1 }, { id: 'd', dependsOn: ['b'], durationSeconds: 10 },
  ] };

  test('balanced is the default mode, and each mode names its strategy', () => {
    // WHEN / THEN
    expect(layout(d)).toStrictEqual(layout(d, 'balanced'));
    expect((['naive', 'sp', 'exact', 'auto', 'balanced'] as const).map((m) => layout(d, m).strategy)).toStrictEqual(['naive', 'sp', 'exact', 'auto', 'balanced']);
    expect(Object.keys(STRATEGIES)).toStrictEqual(['naive', 'sp', 'exact', 'auto', 'balanced']);
  });

  test('makespans of the N shape: naive 20, sp 12, exact and auto 11 (the critical path)', () => {
    expect((['naive', 'sp', 'exact', 'auto'] as const).map((m) => planMakespan(layout(d, m), d))).toStrictEqual([20, 12, 11, 11]);
  });
});

describe('layout invariants on random DAGs', () => {
  for (const mode of ['naive', 'sp'] as const) {
    test(`${mode}: every task exactly once, every edge respected, no empty or single-branch groups (${RUNS} DAGs)`, () => {
      fc.assert(fc.property(dags(), (d) => {
        expect(checkPlan(layout(d, mode), d)).toStrictEqual([]);
      }), { numRuns: RUNS });
    });

    test(`${mode}: deterministic, and never shorter than the critical path`, () => {
      fc.assert(fc.property(dags(), (d) => {
        const a = layout(d, mode);
        expect(layout(d, mode)).toStrictEqual(a);
        expect(planMakespan(a, d)).toBeGreaterThanOrEqual(criticalPath(d).lengthSeconds - 1e-9);
      }), { numRuns: RUNS });
    });
  }

  test('sp is never worse than naive', () => {
    fc.assert(fc.property(dags(), (d) => {
      expect(planMakespan(layout(d, 'sp'), d)).toBeLessThanOrEqual(planMakespan(layout(d, 'naive'), d) + 1e-9);
    }), { numRuns: RUNS });
  });
});

describe('exact and auto layouts on random DAGs', () => {
  for (const mode of ['exact', 'auto'] as const) {
    test(`${mode}: valid, deadlock-free, deterministic, and makespan = critical path (${RUNS} DAGs)`, () => {
      fc.assert(fc.property(dags(), (d) => {
        const plan = layout(d, mode);
        expect(checkPlan(plan, d)).toStrictEqual([]);
        expect(layout(d, mode)).toStrictEqual(plan);
        expect(planMakespan(plan, d)).toBeCloseTo(criticalPath(d).lengthSeconds, 9);
        expect(plan.crossEdges.length).toBe(countWaits(plan.root));
      }), { numRuns: RUNS });
    });
  }
});

function countWaits(n: import('../../../lib/graph/plan').PlanNode): number {
  if (n.kind === 'task') return n.waitFor?.length ?? 0;
  return (n.kind === 'seq' ? n.children : n.branches).reduce((s, c) => s + countWaits(c), 0);
}
