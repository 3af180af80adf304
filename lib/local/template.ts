import { StatesError } from './errors';
import { EvalScope, evalIntrinsic, isIntrinsic } from './intrinsics';
import { readPath } from './jsonpath';
import { hasVariable } from './variables';

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/;

/** True for `$name...`: a reference to a workflow variable (not `$`, `$.x`, `$[..]` or `$$`). */
export function isVariableRef(expr: string): boolean {
  return VARIABLE.test(expr);
}

/**
 * Resolves a JSONPath reference: `$$.` into the context object, `$name.x` into a workflow
 * variable, anything else into `input`. A missing variable is a States.Runtime error.
 */
export function readRef(expr: string, input: unknown, context: unknown, vars?: Record<string, unknown>): unknown {
  if (expr.startsWith('$$')) return readPath(context, expr.slice(1));
  const v = VARIABLE.exec(expr);
  if (v && vars) {
    if (!hasVariable(vars, v[1])) throw new StatesError('States.Runtime', `Invalid path '${expr}': The variable '$${v[1]}' is not defined.`);
    return v[2] === '' ? vars[v[1]] : readPath(vars[v[1]], `$${v[2]}`);
  }
  return readPath(input, expr);
}

/** Resolves one `.$` value: a path into the input, a `$$.` path into the context, a variable, or an intrinsic. */
export function resolveDynamic(expr: string, scope: EvalScope, vars?: Record<string, unknown>): unknown {
  if (isIntrinsic(expr)) return evalIntrinsic(expr, scope);
  return readRef(expr, scope.input, scope.context, vars);
}

/**
 * Renders a payload template (Parameters, ResultSelector, ItemSelector, Assign...): keys ending in
 * `.$` are resolved; a path that resolves to nothing is a States.Runtime error worded as AWS's.
 */
export function renderTemplate(template: unknown, scope: EvalScope, vars?: Record<string, unknown>): unknown {
  if (Array.isArray(template)) return template.map((x) => renderTemplate(x, scope, vars));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template as Record<string, unknown>)) {
    if (k.endsWith('.$') && typeof v === 'string') out[k.slice(0, -2)] = resolveField(k, v, scope, vars);
    else out[k] = renderTemplate(v, scope, vars);
  }
  return out;
}

function resolveField(key: string, expr: string, scope: EvalScope, vars?: Record<string, unknown>): unknown {
  try {
    return resolveDynamic(expr, scope, vars);
  } catch (e) {
    if (!(e instanceof StatesError) || e.error !== 'States.Runtime' || isVariableRef(expr)) throw e;
    if (isIntrinsic(expr)) {
      // AWS names the whole expression and the argument path that matched nothing.
      const arg = /The JSONPath '(.+)' could not be found/.exec(e.cause ?? '')?.[1];
      if (arg === undefined) throw e;
      throw new StatesError('States.Runtime', `The function '${expr}' had the following error: The JsonPath argument for the field '${arg}' could not be found in the input '${JSON.stringify(scope.input)}'`);
    }
    // A `$$.` path too names the state input, as AWS recorded (localstack
    // tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json, INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH).
    throw new StatesError('States.Runtime', `The JSONPath '${expr}' specified for the field '${key}' could not be found in the input '${JSON.stringify(scope.input)}'`);
  }
}
