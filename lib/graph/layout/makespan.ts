import { Dag } from '../dag';
import type { Plan, PlanNode } from '../plan';
import { EventGraph, eventGraph, eventOrder, eventTimes } from './events';

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
 * repeated or unknown; a dependency neither ordered before its dependent by the nesting (an
 * earlier child of a common sequence) nor named in the dependent's `waitFor` (the dependent needs
 * its result, so a wait implied by other waits is not enough); a wait on an unknown task, or one
 * missing from `crossEdges` (or the reverse); waits that deadlock; a seq/par with fewer than two
 * children or nested directly in its own kind.
 */
export function checkPlan(plan: Plan, dag: Dag): string[] {
  const problems: string[] = [];
  shape(plan.root, undefined, problems);
  const known = new Set(dag.tasks.map((t) => t.id));
  const g = eventGraph(plan, dag);
  const count = new Map<string, number>();
  for (const id of g.planTasks) count.set(id, (count.get(id) ?? 0) + 1);
  for (const [id, n] of count) {
    if (!known.has(id)) problems.push(`plan runs unknown task "${id}"`);
    if (n > 1) problems.push(`plan runs task "${id}" ${n} times`);
  }
  for (const id of known) if (!count.has(id)) problems.push(`plan never runs task "${id}"`);
  const waits = waitsOf(plan.root);
  crossEdgeProblems(plan, waits, known, problems);
  if (!eventOrder(g)) {
    problems.push('cross-branch waits deadlock');
    return problems;
  }
  const structural = eventGraph(plan, dag, { waits: false });
  const before = finishedBefore(structural);
  for (const t of dag.tasks) {
    const ev = structural.taskEvents.get(t.id);
    if (!ev) continue;
    for (const d of t.dependsOn) {
      if (!before.has(ev.run, d) && !(waits.get(t.id) ?? []).includes(d)) {
        problems.push(`task "${t.id}" may start before its dependency "${d}" finished (not ordered before it and not in its waitFor)`);
      }
    }
  }
  return problems;
}

function crossEdgeProblems(plan: Plan, waits: ReadonlyMap<string, readonly string[]>, known: ReadonlySet<string>, problems: string[]): void {
  const listed = new Set(plan.crossEdges.map(([a, b]) => `${a}\u0000${b}`));
  for (const [to, froms] of waits) {
    for (const from of froms) {
      if (!known.has(from)) problems.push(`task "${to}" waits for unknown task "${from}"`);
      if (!listed.delete(`${from}\u0000${to}`)) problems.push(`task "${to}" waits for "${from}" but plan.crossEdges does not list [${from}, ${to}]`);
    }
  }
  for (const key of listed) {
    const [from, to] = key.split('\u0000');
    problems.push(`plan.crossEdges lists [${from}, ${to}] but task "${to}" does not wait for "${from}"`);
  }
}

function waitsOf(node: PlanNode, out = new Map<string, readonly string[]>()): Map<string, readonly string[]> {
  if (node.kind === 'task') {
    if (node.waitFor?.length) out.set(node.id, node.waitFor);
  } else {
    for (const k of node.kind === 'seq' ? node.children : node.branches) waitsOf(k, out);
  }
  return out;
}

/** Which tasks are guaranteed to have finished at each event: bitsets along an acyclic event graph. */
function finishedBefore(g: EventGraph): { has(event: number, taskId: string): boolean } {
  const order = eventOrder(g)!;
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
  return {
    has(event, taskId) {
      const b = bit.get(taskId);
      return b !== undefined && (before[event * words + (b >>> 5)] & (1 << (b & 31))) !== 0;
    },
  };
}

function shape(node: PlanNode, parent: PlanNode['kind'] | undefined, problems: string[]): void {
  if (node.kind === 'task') return;
  const kids = node.kind === 'seq' ? node.children : node.branches;
  if (kids.length < 2) problems.push(`a ${node.kind} with ${kids.length} ${node.kind === 'seq' ? 'children' : 'branches'}`);
  if (parent === node.kind) problems.push(`a ${node.kind} directly inside a ${node.kind}`);
  for (const k of kids) shape(k, node.kind, problems);
}
