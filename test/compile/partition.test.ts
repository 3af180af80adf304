import type { PlanNode } from '../../lib/graph/plan';
import * as fc from 'fast-check';
import { CHILD_STEP_WEIGHT, ChildNode, PartNode, partitionPlan, partTaskIds } from '../../lib/compile/partition';

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

  test('GIVEN more child steps than a machine holds WHEN partitioned THEN groups of them move into children of their own', () => {
    // GIVEN a chain of 80 tasks, at most 16 per machine (a child step weighs 8)
    expect(CHILD_STEP_WEIGHT).toBe(8);
    const ids = Array.from({ length: 80 }, (_, i) => `t${i}`);
    // WHEN
    const out = partitionPlan(seq(...ids.map(t)), 16);
    // THEN 5 children of 16 tasks; pairs of them in 2 children; those two in 1 child; the parent starts it and the 5th
    const shape = (n: PartNode): unknown => n.kind === 'child' ? { child: n.index, of: shape(n.root) }
      : n.kind === 'seq' ? n.children.map(shape) : n.kind === 'task' ? n.id : { par: n.branches.map(shape) };
    const chain = (from: number) => ids.slice(from, from + 16);
    expect(shape(out.root)).toStrictEqual([
      { child: 1, of: [{ child: 2, of: [{ child: 3, of: chain(0) }, { child: 4, of: chain(16) }] }, { child: 5, of: [{ child: 6, of: chain(32) },
        { child: 7, of: chain(48) }] }] },
      { child: 8, of: chain(64) },
    ]);
    expect(out.children.map((c) => c.index)).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(partTaskIds(out.root)).toStrictEqual(ids);
  });

  test('property: every task stays once and in order, and no child machine runs more than it may', () => {
    // A machine's own load: its tasks, plus CHILD_STEP_WEIGHT per child it starts.
    const load = (n: PartNode, top = true): number => n.kind === 'task' ? 1 : n.kind === 'child' ? (top ? load(n.root, false) : CHILD_STEP_WEIGHT)
      : (n.kind === 'seq' ? n.children : n.branches).reduce((sum, k) => sum + load(k, false), 0);
    const plan = fc.letrec<{ node: PlanNode }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
        fc.constant(null).map((): PlanNode => ({ kind: 'task', id: '' })),
        fc.array(tie('node'), { minLength: 2, maxLength: 12 }).map((children): PlanNode => ({ kind: 'seq', children })),
        fc.array(tie('node'), { minLength: 2, maxLength: 12 }).map((branches): PlanNode => ({ kind: 'par', branches }))),
    })).node;
    fc.assert(fc.property(plan, fc.integer({ min: 2, max: 40 }), (raw, maxTasks) => {
      // GIVEN a plan with unique ids
      let i = 0;
      const name = (n: PlanNode): PlanNode => n.kind === 'task' ? { kind: 'task', id: `t${i++}` }
        : n.kind === 'seq' ? { kind: 'seq', children: n.children.map(name) } : { kind: 'par', branches: n.branches.map(name) };
      const root = name(raw);
      // WHEN
      const out = partitionPlan(root, maxTasks);
      // THEN
      expect(partTaskIds(out.root)).toStrictEqual(partTaskIds(root as PartNode));
      const seen: ChildNode[] = [];
      const walk = (n: PartNode): void => {
        if (n.kind === 'child') seen.push(n);
        if (n.kind === 'child') walk(n.root);
        else if (n.kind !== 'task') (n.kind === 'seq' ? n.children : n.branches).forEach(walk);
      };
      walk(out.root);
      expect(seen.map((c) => c.index).sort((a, b) => a - b)).toStrictEqual(out.children.map((c) => c.index));
      for (const c of out.children) expect(load(c)).toBeLessThanOrEqual(Math.max(maxTasks, CHILD_STEP_WEIGHT));
    }), { numRuns: 300, seed: 42 });
  });
});
