import type { Dag } from '../dag';
import type { Plan, PlanNode } from '../plan';

/**
 * The timing semantics of a plan as an event graph: every node has a start and an end event, a
 * task also a run event (its structural start, delayed by its `waitFor` tasks). An edge a → b with
 * weight w means "b happens at least w seconds after a". The plan's makespan is the longest path
 * to the root's end; a cycle means the cross-branch waits deadlock.
 */
export interface EventGraph {
  readonly size: number;
  readonly edges: readonly (readonly { to: number; w: number }[])[];
  readonly rootEnd: number;
  /** Per task id: its run event and end event. */
  readonly taskEvents: ReadonlyMap<string, { run: number; end: number }>;
  /** Task ids in plan order, with repeats if the plan repeats one. */
  readonly planTasks: readonly string[];
}

/** `waits: false` leaves the cross-branch waits out: what the nesting alone guarantees. */
export function eventGraph(plan: Plan, dag: Dag, options: { waits?: boolean } = {}): EventGraph {
  const duration = new Map(dag.tasks.map((t) => [t.id, t.durationSeconds]));
  const edges: { to: number; w: number }[][] = [];
  const ev = () => { edges.push([]); return edges.length - 1; };
  const add = (a: number, b: number, w = 0) => { edges[a].push({ to: b, w }); };
  const taskEvents = new Map<string, { run: number; end: number }>();
  const planTasks: string[] = [];
  const waits: [string, number][] = [];
  const walk = (node: PlanNode, start: number): number => {
    switch (node.kind) {
      case 'task': {
        const run = ev();
        const end = ev();
        add(start, run);
        add(run, end, duration.get(node.id) ?? 0);
        taskEvents.set(node.id, { run, end });
        planTasks.push(node.id);
        for (const w of node.waitFor ?? []) waits.push([w, run]);
        return end;
      }
      case 'seq': {
        let at = start;
        for (const c of node.children) at = walk(c, at);
        return at;
      }
      case 'par': {
        const end = ev();
        for (const b of node.branches) add(walk(b, start), end);
        return end;
      }
    }
  };
  const root = ev();
  const rootEnd = walk(plan.root, root);
  if (options.waits !== false) for (const [from, run] of waits) {
    const e = taskEvents.get(from);
    if (e) add(e.end, run);
  }
  return { size: edges.length, edges, rootEnd, taskEvents, planTasks };
}

/** Topological order of the event graph, or undefined if it has a cycle (a deadlock). */
export function eventOrder(g: EventGraph): number[] | undefined {
  const indeg = new Int32Array(g.size);
  for (const es of g.edges) for (const e of es) indeg[e.to]++;
  const order: number[] = [];
  for (let v = 0; v < g.size; v++) if (indeg[v] === 0) order.push(v);
  for (let i = 0; i < order.length; i++) {
    for (const e of g.edges[order[i]]) if (--indeg[e.to] === 0) order.push(e.to);
  }
  return order.length === g.size ? order : undefined;
}

/** Earliest time of every event (longest path from the start). */
export function eventTimes(g: EventGraph, order: readonly number[]): Float64Array {
  const t = new Float64Array(g.size);
  for (const v of order) for (const e of g.edges[v]) if (t[v] + e.w > t[e.to]) t[e.to] = t[v] + e.w;
  return t;
}
