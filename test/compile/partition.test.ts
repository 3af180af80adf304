import type { PlanNode } from '../../lib/graph/plan';
import { partitionPlan, partTaskIds } from '../../lib/compile/partition';

const t = (id: string): PlanNode => ({ kind: 'task', id });
const seq = (...children: PlanNode[]): PlanNode => ({ kind: 'seq', children });
const par = (...branches: PlanNode[]): PlanNode => ({ kind: 'par', branches });

describe('partitionPlan', () => {
  test('a plan that fits is returned as it is', () => {
    // GIVEN
    const root = seq(t('a'), par(t('b'), t('c')), t('d'));
    // WHEN
    const out = partitionPlan(root, 4);
    // THEN
    expect(out).toStrictEqual({ root, children: [] });
  });

  test('a long sequence is cut into consecutive child machines of at most maxTasks', () => {
    // GIVEN
    const root = seq(t('a'), t('b'), t('c'), t('d'), t('e'));
    // WHEN
    const out = partitionPlan(root, 2);
    // THEN
    expect(out.root).toStrictEqual({ kind: 'seq', children: [
      { kind: 'child', index: 1, root: seq(t('a'), t('b')) },
      { kind: 'child', index: 2, root: seq(t('c'), t('d')) },
      { kind: 'child', index: 3, root: t('e') },
    ] });
    expect(out.children.map((c) => c.index)).toStrictEqual([1, 2, 3]);
  });

  test('wide parallels group branches; big children are split recursively; every task stays once, in order', () => {
    // GIVEN
    const root = seq(t('s'), par(t('a'), t('b'), seq(t('c'), t('d'), t('e'))), t('z'));
    // WHEN
    const out = partitionPlan(root, 2);
    // THEN
    expect(out.root).toStrictEqual({ kind: 'seq', children: [
      { kind: 'child', index: 1, root: t('s') },
      { kind: 'par', branches: [
        { kind: 'child', index: 2, root: par(t('a'), t('b')) },
        { kind: 'seq', children: [
          { kind: 'child', index: 3, root: seq(t('c'), t('d')) },
          { kind: 'child', index: 4, root: t('e') },
        ] },
      ] },
      { kind: 'child', index: 5, root: t('z') },
    ] });
    expect(partTaskIds(out.root)).toStrictEqual(['s', 'a', 'b', 'c', 'd', 'e', 'z']);
    for (const c of out.children) expect(partTaskIds(c.root).length).toBeLessThanOrEqual(2);
  });
});
