import { GraphError, Problem } from '../model/errors';
import { closest } from '../model/did-you-mean';
import type { Dag } from './dag';

/** `a → b → c → a`. */
export function formatCycle(path: readonly string[]): string {
  return path.join(' → ');
}

/**
 * Checks the graph and reports every problem at once, each naming the file and the task:
 * duplicate ids, unknown dependencies (with a "did you mean"), self-dependencies, and each cycle
 * as its path (one per strongly connected component, from its alphabetically smallest task).
 * @throws GraphError
 */
export function validateGraph(dag: Dag): void {
  const problems: Problem[] = [];
  const file = dag.source;
  const seen = new Map<string, number>();
  dag.tasks.forEach((t, i) => {
    const first = seen.get(t.id);
    if (first !== undefined) {
      problems.push({ file, taskId: t.id, field: 'id', message: `duplicate task id (tasks[${first}] and tasks[${i}] are both "${t.id}")` });
    } else {
      seen.set(t.id, i);
    }
  });
  const ids = [...seen.keys()];
  for (const t of dag.tasks) {
    for (const d of t.dependsOn) {
      if (d === t.id) {
        problems.push({ file, taskId: t.id, field: 'dependsOn', message: 'a task cannot depend on itself' });
      } else if (!seen.has(d)) {
        const hint = closest(d, ids);
        problems.push({ file, taskId: t.id, field: 'dependsOn', message: `dependsOn names unknown task "${d}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
    }
  }
  for (const cycle of findCycles(dag)) {
    problems.push({ file, taskId: cycle[0], field: 'dependsOn', message: `cycle: ${formatCycle(cycle)}` });
  }
  if (problems.length > 0) throw new GraphError(problems);
}

/**
 * One cycle per strongly connected component with more than one task, as a path that starts and
 * ends at the component's alphabetically smallest id, following dependency order (a task before
 * the task that depends on it).
 */
export function findCycles(dag: Dag): string[][] {
  const byId = new Map<string, string[]>();
  for (const t of dag.tasks) if (!byId.has(t.id)) byId.set(t.id, []);
  // Edge d → t when t depends on d ("d runs before t").
  for (const t of dag.tasks) {
    for (const d of t.dependsOn) if (byId.has(d) && d !== t.id) byId.get(d)!.push(t.id);
  }
  const sccs = tarjan(byId);
  const cycles: string[][] = [];
  for (const comp of sccs) {
    if (comp.length < 2) continue;
    const inComp = new Set(comp);
    const start = [...comp].sort()[0];
    cycles.push(shortestCycle(start, byId, inComp));
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function shortestCycle(start: string, succ: ReadonlyMap<string, string[]>, inComp: ReadonlySet<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi];
    for (const w of [...succ.get(v)!].sort()) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = parent.get(x)!) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

function tarjan(succ: ReadonlyMap<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const root of succ.keys()) {
    if (index.has(root)) continue;
    // Iterative DFS so deep graphs (10,000 tasks in a chain) do not overflow the call stack.
    const work: [string, number][] = [[root, 0]];
    index.set(root, counter); low.set(root, counter); counter++;
    stack.push(root); onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const ws = succ.get(v)!;
      if (i < ws.length) {
        frame[1]++;
        const w = ws[i];
        if (!index.has(w)) {
          index.set(w, counter); low.set(w, counter); counter++;
          stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const p = work[work.length - 1][0];
        low.set(p, Math.min(low.get(p)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
        out.push(comp);
      }
    }
  }
  return out;
}
