/** Escapes text for HTML and SVG. */
export function esc(s: unknown): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Fill colour per task outcome (also used by the Gantt bars). */
export const OUTCOME_COLOURS: Readonly<Record<string, string>> = {
  SUCCEEDED: '#3fb950',
  FAILED: '#f85149',
  RESCUED: '#bf8700',
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

/**
 * What the report shows for a task: its outcome, except that a task that failed for good and whose
 * fallback then succeeded was rescued (the run went on with the fallback's result), not FAILED.
 */
export function shownOutcomes(tasks: readonly { id: string; fallback?: string }[], outcomes: Readonly<Record<string, string>>): Map<string, string> {
  const of = (id: string) => (Object.prototype.hasOwnProperty.call(outcomes, id) ? outcomes[id] : undefined) ?? 'NOT_RUN';
  return new Map(tasks.map((t) => {
    const own = of(t.id);
    const rescued = t.fallback !== undefined && (own === 'FAILED' || own === 'TIMED_OUT') && of(t.fallback) === 'SUCCEEDED';
    return [t.id, rescued ? 'RESCUED' : own];
  }));
}

/**
 * A task id on lines of at most `width` characters, broken after `_`, `-` or `.` where it can be,
 * so a long name is shown whole (never cut).
 */
export function wrapId(id: string, width: number): string[] {
  const lines: string[] = [];
  let rest = id;
  while (rest.length > width) {
    const window = rest.slice(0, width);
    const cut = Math.max(window.lastIndexOf('_'), window.lastIndexOf('-'), window.lastIndexOf('.'));
    const at = cut > 0 ? cut + 1 : width;
    lines.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return [...lines, rest];
}
