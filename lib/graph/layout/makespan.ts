import { Dag } from '../dag';
import type { Plan, PlanNode } from '../plan';
import { eventGraph, eventOrder, eventTimes } from './events';

/**
 * The structural makespan of a plan: how long it runs when each task takes its durationSeconds
 * (sequences add up, parallels take their longest branch, a task with `waitFor` also waits for
 * those tasks). Infinity if the waits deadlock.
 */
export function planMakespan(plan: Plan, dag: Dag): number {
  if (!hasWaits(plan.root)) return simpleMakespan(plan.root, new Map(dag.tasks.map((t) => [t.id, t.durationSeconds])));
  const g = eventGraph(plan, dag);
  const order = eventOrder(g);
  return order ? eventTimes(g, order)[g.rootEnd] : Infinity;
}

function hasWaits(node: PlanNode): boolean {
  switch (node.kind) {
    case 'task': return (node.waitFor?.length ?? 0) > 0;
    case 'seq': return node.children.some(hasWaits);
    case 'par': return node.branches.some(hasWaits);
  }
}

function simpleMakespan(node: PlanNode, d: ReadonlyMap<string, number>): number {
  switch (node.kind) {
    case 'task': return d.get(node.id) ?? 0;
    case 'seq': return node.children.reduce((s, c) => s + simpleMakespan(c, d), 0);
    case 'par': return node.branches.reduce((m, b) => Math.max(m, simpleMakespan(b, d)), 0);
  }
}

/**
 * Every way a plan breaks the layout contract, as messages ([] when valid): a task missing,
 * repeated or unknown; a dependency not guaranteed to finish before its dependent starts (by
 * nesting or by a `waitFor`); a wait that deadlocks; a seq/par with fewer than two children or
 * nested directly in its own kind.
 */
export function checkPlan(plan: Plan, dag: Dag): string[] {
  const problems: string[] = [];
  shape(plan.root, undefined, problems);
  const g = eventGraph(plan, dag);
  const known = new Set(dag.tasks.map((t) => t.id));
  const count = new Map<string, number>();
  for (const id of g.planTasks) count.set(id, (count.get(id) ?? 0) + 1);
  for (const [id, n] of count) {
    if (!known.has(id)) problems.push(`plan runs unknown task "${id}"`);
    if (n > 1) problems.push(`plan runs task "${id}" ${n} times`);
  }
  for (const id of known) if (!count.has(id)) problems.push(`plan never runs task "${id}"`);
  const order = eventOrder(g);
  if (!order) {
    problems.push('cross-branch waits deadlock');
    return problems;
  }
  // Which task ends are guaranteed before each event: bitsets propagated along the event order.
  const tasks = [...g.taskEvents.keys()];
  const bit = new Map(tasks.map((id, i) => [id, i]));
  const words = Math.ceil(tasks.length / 32) || 1;
  const endOf = new Map<number, number>();
  for (const [id, e] of g.taskEvents) endOf.set(e.end, bit.get(id)!);
  const before = new Uint32Array(g.size * words);
  for (const v of order) {
    const own = endOf.get(v);
    if (own !== undefined) before[v * words + (own >>> 5)] |= 1 << (own & 31);
    for (const e of g.edges[v]) {
      for (let k = 0; k < words; k++) before[e.to * words + k] |= before[v * words + k];
    }
  }
  for (const t of dag.tasks) {
    const ev = g.taskEvents.get(t.id);
    if (!ev) continue;
    for (const d of t.dependsOn) {
      const b = bit.get(d);
      if (b === undefined) continue;
      if ((before[ev.run * words + (b >>> 5)] & (1 << (b & 31))) === 0) {
        problems.push(`task "${t.id}" may start before its dependency "${d}" finished`);
      }
    }
  }
  return problems;
}

function shape(node: PlanNode, parent: PlanNode['kind'] | undefined, problems: string[]): void {
  if (node.kind === 'task') return;
  const kids = node.kind === 'seq' ? node.children : node.branches;
  if (kids.length < 2) problems.push(`a ${node.kind} with ${kids.length} ${node.kind === 'seq' ? 'children' : 'branches'}`);
  if (parent === node.kind) problems.push(`a ${node.kind} directly inside a ${node.kind}`);
  for (const k of kids) shape(k, node.kind, problems);
}
