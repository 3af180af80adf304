/** Escapes text for HTML and SVG. */
export function esc(s: unknown): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Fill colour per task outcome (also used by the Gantt bars). */
export const OUTCOME_COLOURS: Readonly<Record<string, string>> = {
  SUCCEEDED: '#3fb950',
  FAILED: '#f85149',
  TIMED_OUT: '#d29922',
  SKIPPED: '#8b949e',
  NOT_RUN: '#d0d7de',
};

export const colourOf = (status: string): string => OUTCOME_COLOURS[status] ?? '#a371f7';

/**
 * ASAP level of each task (0 for tasks without dependencies). A fallback task sits one level after
 * the task it stands in for, so it is drawn beside it, not as a disconnected root.
 */
export function levelsOf(tasks: readonly { id: string; dependsOn: readonly string[]; fallback?: string }[]): Map<string, number> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const primaryOf = new Map(tasks.filter((t) => t.fallback).map((t) => [t.fallback!, t.id]));
  const level = new Map<string, number>();
  const visit = (id: string, stack: Set<string>): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (stack.has(id)) return 0;
    stack.add(id);
    const primary = primaryOf.get(id);
    const deps = [...(byId.get(id)?.dependsOn ?? []), ...(primary !== undefined ? [primary] : [])];
    const l = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => visit(d, stack)));
    stack.delete(id);
    level.set(id, l);
    return l;
  };
  for (const t of tasks) visit(t.id, new Set());
  return level;
}
