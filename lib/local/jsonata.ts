import jsonata from 'jsonata';
import { StatesError } from './errors';

const cache = new Map<string, jsonata.Expression>();

/** `{% expr %}` → the expression, else undefined (a literal). */
function expressionOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\{%([\s\S]*)%\}$/.exec(v.trim());
  return m ? m[1] : undefined;
}

/**
 * Evaluates a JSONata field value: a `{% expr %}` string, or an object/array whose string leaves
 * may be expressions; anything else is a literal. `$states` and the workflow variables are bound.
 */
export async function evalJsonata(value: unknown, bindings: Record<string, unknown>): Promise<unknown> {
  const expr = expressionOf(value);
  if (expr !== undefined) {
    let compiled = cache.get(expr);
    if (!compiled) {
      try {
        compiled = jsonata(expr);
      } catch (e) {
        throw new StatesError('States.QueryEvaluationError', `invalid JSONata ${JSON.stringify(expr)}: ${(e as Error).message}`);
      }
      cache.set(expr, compiled);
    }
    try {
      return await compiled.evaluate({}, bindings);
    } catch (e) {
      throw new StatesError('States.QueryEvaluationError', `JSONata ${JSON.stringify(expr)} failed: ${(e as Error).message}`);
    }
  }
  if (Array.isArray(value)) return Promise.all(value.map((x) => evalJsonata(x, bindings)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evalJsonata(v, bindings);
    return out;
  }
  return value;
}

/** Applies an `Assign` block: every value is evaluated against the same bindings, then set. */
export async function assign(block: unknown, bindings: Record<string, unknown>, vars: Record<string, unknown>): Promise<void> {
  if (block === undefined) return;
  const values = (await evalJsonata(block, bindings)) as Record<string, unknown>;
  for (const [k, v] of Object.entries(values)) vars[k] = v;
}
