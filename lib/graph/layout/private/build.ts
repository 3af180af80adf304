import type { PlanNode } from '../../plan';

/** A sequence of nodes, normalised: single child unwrapped, nested sequences flattened. */
export function seqOf(nodes: readonly PlanNode[]): PlanNode {
  const flat = nodes.flatMap((n) => (n.kind === 'seq' ? n.children : [n]));
  if (flat.length === 0) throw new Error('internal: empty sequence');
  return flat.length === 1 ? flat[0] : { kind: 'seq', children: flat };
}

/** Parallel branches, normalised: single branch unwrapped, nested parallels flattened. */
export function parOf(nodes: readonly PlanNode[]): PlanNode {
  const flat = nodes.flatMap((n) => (n.kind === 'par' ? n.branches : [n]));
  if (flat.length === 0) throw new Error('internal: empty parallel');
  return flat.length === 1 ? flat[0] : { kind: 'par', branches: flat };
}
