import type { PlanNode } from '../graph/plan';

/** A plan node after partitioning: a subtree may run as a child state machine. */
export type PartNode =
  | { readonly kind: 'task'; readonly id: string; readonly waitFor?: readonly string[] }
  | { readonly kind: 'seq'; readonly children: readonly PartNode[] }
  | { readonly kind: 'par'; readonly branches: readonly PartNode[] }
  | ChildNode;

/** A subtree run as a child state machine (`states:startExecution.sync:2`). */
export interface ChildNode {
  readonly kind: 'child';
  /** 1-based, in plan order. */
  readonly index: number;
  readonly root: PartNode;
}

/** Tasks of a (partitioned) subtree, in plan order. */
export function partTaskIds(node: PartNode): string[] {
  return [...taskIdsOf(node)];
}

// Nodes are immutable and every Parallel asks for its subtrees' tasks: remember them per node, so
// nested plans of 10,000 tasks are walked once, not once per level.
const taskIdsCache = new WeakMap<PartNode, readonly string[]>();
function taskIdsOf(node: PartNode): readonly string[] {
  let ids = taskIdsCache.get(node);
  if (!ids) {
    switch (node.kind) {
      case 'task': ids = [node.id]; break;
      case 'seq': ids = node.children.flatMap(taskIdsOf); break;
      case 'par': ids = node.branches.flatMap(taskIdsOf); break;
      case 'child': ids = taskIdsOf(node.root); break;
    }
    taskIdsCache.set(node, ids);
  }
  return ids;
}

/**
 * What a child-execution step weighs, counted in tasks, when a machine holding many of them is
 * itself split: a step is about twelve states (start, letter, redrive...), several tasks' worth of
 * definition.
 */
export const CHILD_STEP_WEIGHT = 8;
/** What a child-execution step adds to its machine's definition, in bytes (estimated as tasks are). */
export const CHILD_STEP_BYTES = 12_000;

/** A size limit on what one machine runs besides `maxTasks`: estimated definition bytes. */
export interface DefinitionBudget {
  /** Estimated bytes each task adds to the machine that runs it. */
  readonly bytesOf: (taskId: string) => number;
  readonly maxBytes: number;
}

/** What a subtree weighs: tasks (a child step counts CHILD_STEP_WEIGHT) and estimated bytes. */
interface Weight { readonly tasks: number; readonly bytes: number }

/**
 * Splits a plan so that no state machine runs more than `maxTasks` tasks itself (nor, with a
 * `budget`, more than its estimated bytes): maximal runs of consecutive sequence children, or
 * groups of parallel branches, that fit are moved into child state machines; larger children are
 * split recursively. When that leaves a machine with more child steps than fit (each weighing
 * CHILD_STEP_WEIGHT tasks), groups of them move into a child machine of their own, which starts
 * them (nested children), until every machine fits. The structure (and so the makespan) is
 * unchanged: a child runs exactly the subtree it replaces. Plans that fit are returned as they are.
 */
export function partitionPlan(root: PlanNode, maxTasks: number, budget?: DefinitionBudget): { root: PartNode; children: ChildNode[] } {
  const children: ChildNode[] = [];
  const maxBytes = budget?.maxBytes ?? Infinity;
  const weights = new WeakMap<PartNode, Weight>();
  const add = (a: Weight, b: Weight): Weight => ({ tasks: a.tasks + b.tasks, bytes: a.bytes + b.bytes });
  const ZERO: Weight = { tasks: 0, bytes: 0 };
  const weight = (n: PartNode): Weight => {
    let w = weights.get(n);
    if (w === undefined) {
      switch (n.kind) {
        case 'task': w = { tasks: 1, bytes: budget?.bytesOf(n.id) ?? 0 }; break;
        case 'child': w = { tasks: CHILD_STEP_WEIGHT, bytes: budget ? CHILD_STEP_BYTES : 0 }; break;
        case 'seq': w = n.children.map(weight).reduce(add, ZERO); break;
        case 'par': w = n.branches.map(weight).reduce(add, ZERO); break;
      }
      weights.set(n, w);
    }
    return w;
  };
  const fits = (w: Weight) => w.tasks <= maxTasks && w.bytes <= maxBytes;
  /** How far over its limits a machine is (above 1: it must be split). */
  const load = (w: Weight) => Math.max(w.tasks / maxTasks, w.bytes / maxBytes);

  const fit = (node: PartNode): PartNode => {
    if (fits(weight(node)) || node.kind === 'task' || node.kind === 'child') return node;
    const kids = node.kind === 'seq' ? node.children : node.branches;
    const packed: PartNode[] = [];
    let group: PartNode[] = [];
    let groupWeight = ZERO;
    const flush = () => {
      if (group.length === 0) return;
      const body: PartNode = group.length === 1 ? group[0]
        : node.kind === 'seq' ? { kind: 'seq', children: group } : { kind: 'par', branches: group };
      // A lone child step stays as it is: a machine that only starts one other machine adds nothing.
      packed.push(body.kind === 'child' ? body : { kind: 'child', index: 0, root: body });
      group = [];
      groupWeight = ZERO;
    };
    for (const k of kids) {
      const w = weight(k);
      if (!fits(w)) {
        flush();
        packed.push(fit(k));
        continue;
      }
      if (!fits(add(groupWeight, w))) flush();
      group.push(k);
      groupWeight = add(groupWeight, w);
    }
    flush();
    return node.kind === 'seq' ? { kind: 'seq', children: packed } : { kind: 'par', branches: packed };
  };

  let tree = fit(root);
  // Each pass moves groups of child steps one level down, while that makes the top machine lighter.
  for (let previous = Infinity; load(weight(tree)) > 1 && load(weight(tree)) < previous;) {
    previous = load(weight(tree));
    tree = fit(tree);
  }

  const number = (node: PartNode): PartNode => {
    switch (node.kind) {
      case 'task': return node;
      case 'seq': return { kind: 'seq', children: node.children.map(number) };
      case 'par': return { kind: 'par', branches: node.branches.map(number) };
      case 'child': {
        const c: ChildNode = { kind: 'child', index: children.length + 1, root: node.root };
        children.push(c);
        const numbered: ChildNode = { ...c, root: number(node.root) };
        children[c.index - 1] = numbered;
        return numbered;
      }
    }
  };
  return { root: number(tree), children };
}
