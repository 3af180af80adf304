import { QueryEvaluationError, StatesError } from './errors';
import { evalJsonata } from './jsonata';

/** `{% expr %}` exactly (no surrounding spaces: AWS reads `" {% x %} "` as a literal) → expr. */
export function expressionOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.startsWith('{%') || !v.endsWith('%}') || v.length < 4) return undefined;
  return v.slice(2, -2);
}

/**
 * Evaluates a JSONata state field (`Output`, `Arguments`, `Assign/x`, `Items`...): a `{% %}`
 * string, or an object/array whose string leaves may be expressions. An expression that returns
 * nothing fails with States.QueryEvaluationError naming the field as AWS does (`Output/a/b[0]`).
 */
export async function evalField(value: unknown, bindings: Record<string, unknown>, field: string): Promise<unknown> {
  if (typeof value === 'string') {
    const expr = expressionOf(value);
    if (expr === undefined) return value;
    let result: unknown;
    try {
      result = await evalJsonata(value, bindings);
    } catch (e) {
      const detail = e instanceof QueryEvaluationError ? e.message
        : e instanceof StatesError && e.error === 'States.QueryEvaluationError' ? (e.cause ?? '').replace(/^(invalid )?JSONata ".*?"( failed)?: /s, '') : undefined;
      if (detail === undefined) throw e;
      // AWS: "The JSONata expression '<expr>' specified for the field '<field>' threw an error during evaluation. <code>: <message>"
      throw new StatesError('States.QueryEvaluationError', detail.startsWith('The JSONata expression') ? detail
        : `The JSONata expression '${expr.trim()}' specified for the field '${field}' threw an error during evaluation. ${detail}`);
    }
    if (result === undefined) {
      throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${expr.trim()}' specified for the field '${field}' returned nothing (undefined).`);
    }
    return result;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await evalField(value[i], bindings, `${field}[${i}]`));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evalField(v, bindings, `${field}/${k}`);
    return out;
  }
  return value;
}
