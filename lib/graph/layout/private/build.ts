import type { PlanNode } from '../../plan';

/** A sequence of nodes, normalised: single child unwrapped, nested sequences flattened. */
export function seqOf(nodes: readonly PlanNode[]): PlanNode {
  const flat = flatten(nodes, 'seq');
  if (flat.length === 0) throw new Error('internal: empty sequence');
  return flat.length === 1 ? flat[0] : { kind: 'seq', children: flat };
}

/** Parallel branches, normalised: single branch unwrapped, nested parallels flattened. */
export function parOf(nodes: readonly PlanNode[]): PlanNode {
  const flat = flatten(nodes, 'par');
  if (flat.length === 0) throw new Error('internal: empty parallel');
  return flat.length === 1 ? flat[0] : { kind: 'par', branches: flat };
}

// A loop, not flatMap: the decomposer builds a sequence for every cut it tries on 10,000-task DAGs.
function flatten(nodes: readonly PlanNode[], kind: 'seq' | 'par'): PlanNode[] {
  const flat: PlanNode[] = [];
  for (const n of nodes) {
    const inner = n.kind !== kind ? undefined : n.kind === 'seq' ? n.children : n.kind === 'par' ? n.branches : undefined;
    if (inner) for (const c of inner) flat.push(c);
    else flat.push(n);
  }
  return flat;
}
