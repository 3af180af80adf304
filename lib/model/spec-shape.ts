/** Deepest nesting a spec may have (real specs need about 6 levels: tasks → task → map → itemReader → key). */
export const MAX_SPEC_DEPTH = 64;

/**
 * Walks a parsed spec without recursion and returns what makes it unusable as data: nesting deeper
 * than {@link MAX_SPEC_DEPTH} (a 5,000-level list) or a cycle (a YAML alias inside its own anchor).
 * Returns the path (`tasks[0].description`) and the message, or undefined when the shape is fine.
 */
export function specShapeProblem(root: unknown): { readonly field: string; readonly message: string } | undefined {
  const stack: { value: unknown; path: string; depth: number; ancestors: readonly object[] }[] = [{ value: root, path: '', depth: 0, ancestors: [] }];
  while (stack.length > 0) {
    const { value, path, depth, ancestors } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (ancestors.includes(value)) {
      return { field: path || '(top level)', message: 'refers to itself (a YAML alias inside its own anchor makes a cycle); expected plain data' };
    }
    if (depth >= MAX_SPEC_DEPTH) {
      return { field: path.length > 60 ? `${path.slice(0, 57)}...` : path || '(top level)', message: `nested deeper than ${MAX_SPEC_DEPTH} levels; expected a flat workflow spec` };
    }
    const next = [...ancestors, value];
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [`${path}[${i}]`, v])
      : Object.keys(value).map((k) => [path ? `${path}.${k}` : k, (value as Record<string, unknown>)[k]]);
    for (const [p, v] of entries) if (v !== null && typeof v === 'object') stack.push({ value: v, path: p, depth: depth + 1, ancestors: next });
  }
  return undefined;
}
