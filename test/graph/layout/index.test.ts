import fc from 'fast-check';
import { criticalPath } from '../../../lib/graph/critical-path';
import { checkPlan, layout, planMakespan } from '../../../lib/graph/layout';
import { arbDag } from '../../support/arbitraries';

const RUNS = 1000;

describe('layout invariants on random DAGs', () => {
  for (const mode of ['naive', 'sp'] as const) {
    test(`${mode}: every task exactly once, every edge respected, no empty or single-branch groups (${RUNS} DAGs)`, () => {
      fc.assert(fc.property(arbDag(), (d) => {
        expect(checkPlan(layout(d, mode), d)).toStrictEqual([]);
      }), { numRuns: RUNS });
    });

    test(`${mode}: deterministic, and never shorter than the critical path`, () => {
      fc.assert(fc.property(arbDag(), (d) => {
        const a = layout(d, mode);
        expect(layout(d, mode)).toStrictEqual(a);
        expect(planMakespan(a, d)).toBeGreaterThanOrEqual(criticalPath(d).lengthSeconds - 1e-9);
      }), { numRuns: RUNS });
    });
  }

  test('sp is never worse than naive', () => {
    fc.assert(fc.property(arbDag(), (d) => {
      expect(planMakespan(layout(d, 'sp'), d)).toBeLessThanOrEqual(planMakespan(layout(d, 'naive'), d) + 1e-9);
    }), { numRuns: RUNS });
  });
});

describe('exact and auto layouts on random DAGs', () => {
  for (const mode of ['exact', 'auto'] as const) {
    test(`${mode}: valid, deadlock-free, deterministic, and makespan = critical path (${RUNS} DAGs)`, () => {
      fc.assert(fc.property(arbDag(), (d) => {
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
