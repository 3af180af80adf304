import { checkPlan, planMakespan } from '../../../lib/graph/layout/makespan';
import type { Plan } from '../../../lib/graph/plan';

const d = { source: 's', tasks: [
  { id: 'a', dependsOn: [], durationSeconds: 10 }, { id: 'b', dependsOn: [], durationSeconds: 1 },
  { id: 'c', dependsOn: ['a'], durationSeconds: 1 }, { id: 'd', dependsOn: ['a', 'b'], durationSeconds: 2 },
] };
const t = (id: string, waitFor?: string[]) => (waitFor ? { kind: 'task' as const, id, waitFor } : { kind: 'task' as const, id });

describe('plan makespan and checks', () => {
  test('sequences add up, parallels take the longest branch', () => {
    const plan: Plan = { strategy: 'x', crossEdges: [], root: { kind: 'seq', children: [{ kind: 'par', branches: [t('a'), t('b')] }, { kind: 'par', branches: [t('c'), t('d')] }] } };
    expect(planMakespan(plan, d)).toBe(12);
    expect(checkPlan(plan, d)).toStrictEqual([]);
  });

  test('a cross-branch wait delays only the waiting task', () => {
    // GIVEN (a ; c) | (b ; d waits for a)
    const plan: Plan = { strategy: 'x', crossEdges: [['a', 'd']], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), t('c')] }, { kind: 'seq', children: [t('b'), t('d', ['a'])] },
    ] } };
    // THEN d starts at 10, ends at 12; the edge a → d is respected through the wait
    expect(planMakespan(plan, d)).toBe(12);
    expect(checkPlan(plan, d)).toStrictEqual([]);
  });

  test('every broken rule is named', () => {
    // GIVEN d not waiting for a, c missing, b twice, a single-branch parallel
    const plan: Plan = { strategy: 'x', crossEdges: [], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), { kind: 'par', branches: [t('b')] }] }, { kind: 'seq', children: [t('b'), t('d')] },
    ] } };
    // THEN
    expect(checkPlan(plan, d)).toStrictEqual([
      'a par with 1 branches',
      'plan runs task "b" 2 times',
      'plan never runs task "c"',
      'task "d" may start before its dependency "a" finished (not ordered before it and not in its waitFor)',
    ]);
  });

  test('waits that deadlock are reported and take forever', () => {
    const plan: Plan = { strategy: 'x', crossEdges: [], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a', ['b']), t('c')] }, { kind: 'seq', children: [t('b', ['c']), t('d')] },
    ] } };
    expect(planMakespan(plan, d)).toBe(Infinity);
    expect(checkPlan(plan, d)).toContain('cross-branch waits deadlock');
  });

  test('a wait implied only through another wait is not enough: the dependent needs the result', () => {
    // GIVEN a → e → f with a in one branch, e waiting for a, and f waiting only for e while it also depends on a
    const chain = { source: 's', tasks: [
      { id: 'a', dependsOn: [], durationSeconds: 1 }, { id: 'e', dependsOn: ['a'], durationSeconds: 1 },
      { id: 'f', dependsOn: ['a', 'e'], durationSeconds: 1 },
    ] };
    const plan: Plan = { strategy: 'x', crossEdges: [['a', 'e'], ['e', 'f']], root: { kind: 'par', branches: [t('a'), t('e', ['a']), t('f', ['e'])] } };
    // WHEN / THEN
    expect(checkPlan(plan, chain)).toStrictEqual(['task "f" may start before its dependency "a" finished (not ordered before it and not in its waitFor)']);
  });

  test('waits and plan.crossEdges must list the same edges, and waits name known tasks', () => {
    // GIVEN d waits for a and for an unknown x; crossEdges lists a → c instead
    const plan: Plan = { strategy: 'x', crossEdges: [['a', 'c']], root: { kind: 'par', branches: [
      { kind: 'seq', children: [t('a'), t('c')] }, { kind: 'seq', children: [t('b'), t('d', ['a', 'x'])] },
    ] } };
    // WHEN / THEN
    expect(checkPlan(plan, d)).toStrictEqual([
      'task "d" waits for "a" but plan.crossEdges does not list [a, d]',
      'task "d" waits for unknown task "x"',
      'task "d" waits for "x" but plan.crossEdges does not list [x, d]',
      'plan.crossEdges lists [a, c] but task "c" does not wait for "a"',
    ]);
  });
});
