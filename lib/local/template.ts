import { EvalScope, evalIntrinsic, isIntrinsic } from './intrinsics';
import { readPath } from './jsonpath';

/** Resolves one `.$` value: a path into the input, a `$$.` path into the context, or an intrinsic. */
export function resolveDynamic(expr: string, scope: EvalScope): unknown {
  if (expr.startsWith('$$')) return readPath(scope.context, expr.slice(1));
  if (isIntrinsic(expr)) return evalIntrinsic(expr, scope);
  return readPath(scope.input, expr);
}

/** Renders a payload template (Parameters, ResultSelector, ItemSelector, MessageBody...). */
export function renderTemplate(template: unknown, scope: EvalScope): unknown {
  if (Array.isArray(template)) return template.map((x) => renderTemplate(x, scope));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template as Record<string, unknown>)) {
    if (k.endsWith('.$') && typeof v === 'string') out[k.slice(0, -2)] = resolveDynamic(v, scope);
    else out[k] = renderTemplate(v, scope);
  }
  return out;
}
