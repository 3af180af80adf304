/**
 * Whether `name` is a variable of this scope or of an enclosing one (a Map iteration or Parallel
 * branch scope is `Object.create` of its parent's), never a property of Object.prototype.
 */
export function hasVariable(vars: Record<string, unknown>, name: string): boolean {
  for (let s: object | null = vars; s !== null && s !== Object.prototype; s = Object.getPrototypeOf(s) as object | null) {
    if (Object.prototype.hasOwnProperty.call(s, name)) return true;
  }
  return false;
}

/** Variables visible in a scope: its own and its enclosing scopes' (prototype chain). */
export function flatten(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
   
  for (const k in vars) out[k] = vars[k];
  return out;
}
