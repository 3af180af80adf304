import type { Dag } from './dag';

/** How to draw a DAG as a mermaid flowchart. */
export interface MermaidOptions {
  /** Node class per task id (e.g. succeeded / failed), rendered as `class <id> <name>`. */
  readonly classes?: Readonly<Record<string, string>>;
  /** classDef lines per class name, e.g. `{ failed: 'fill:#f88' }`. */
  readonly classDefs?: Readonly<Record<string, string>>;
  /** Task ids to highlight as the critical path (thick edges between consecutive ids). */
  readonly criticalPath?: readonly string[];
  /** Extra text under each task label (e.g. durations). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A mermaid `graph TD` of the DAG: one node per task, one edge per dependency, and a dotted
 * `fallback` edge from a task to the task that runs in its place when it fails for good.
 */
export function toMermaid(dag: Dag, options: MermaidOptions = {}): string {
  const lines = ['graph TD'];
  const onPath = new Set<string>();
  const cp = options.criticalPath ?? [];
  for (let i = 1; i < cp.length; i++) onPath.add(`${cp[i - 1]}->${cp[i]}`);
  for (const t of dag.tasks) {
    // hasOwn: a task id may be an Object.prototype name (constructor, toString...).
    const extra = options.labels && Object.prototype.hasOwnProperty.call(options.labels, t.id) ? options.labels[t.id] : undefined;
    lines.push(`  ${nodeId(t.id)}["${escape(t.id)}${extra ? `<br/><small>${escape(extra)}</small>` : ''}"]`);
  }
  for (const t of dag.tasks) {
    for (const d of t.dependsOn) {
      lines.push(`  ${nodeId(d)} ${onPath.has(`${d}->${t.id}`) ? '==>' : '-->'} ${nodeId(t.id)}`);
    }
  }
  for (const t of dag.tasks) {
    if (t.fallback) lines.push(`  ${nodeId(t.id)} -. fallback .-> ${nodeId(t.fallback)}`);
  }
  for (const [name, def] of Object.entries(options.classDefs ?? {})) lines.push(`  classDef ${name} ${def}`);
  for (const [id, cls] of Object.entries(options.classes ?? {})) lines.push(`  class ${nodeId(id)} ${cls}`);
  return `${lines.join('\n')}\n`;
}

/** Mermaid node ids: task ids may contain `-`, which mermaid reads as an edge; prefix and map it. */
function nodeId(id: string): string {
  return `t_${id.replace(/-/g, '__')}`;
}

function escape(s: string): string {
  return s.replace(/"/g, '#quot;');
}
