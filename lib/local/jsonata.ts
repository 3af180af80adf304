import * as crypto from 'crypto';
import jsonata from 'jsonata';
import { seededRandom } from './clock';
import { QueryEvaluationError } from './errors';
import { backtracksCatastrophically, regexesOf } from './private/regex-guard';


/** How an evaluation names its field in errors, and the random source of `$random()` / `$uuid()`. */
export interface JsonataOptions {
  /** The field the value was written in (`Output`, `Arguments`, `Items`...); nested keys are appended as `/key` and `[i]`. */
  readonly field?: string;
  /** @default Math.random */
  readonly random?: () => number;
  /** Wall-clock bound of one evaluation, in ms (an infinite tail recursion fails instead of hanging). @default 5000 */
  readonly timeoutMillis?: number;
}

/** Binding through which `$random()` and `$uuid()` reach the evaluation's random source. */
const RANDOM = '__dagstepRandom';
/** Binding holding the evaluation's depth and start time (evaluations of one expression may interleave). */
const BUDGET = '__dagstepBudget';
/**
 * Bounds of one evaluation, so that no expression hangs the engine: nesting (deep enough for any
 * expression Step Functions accepts, whose own ceiling is 100 levels of the expression) and time
 * (5 s, JSONata's own default, far above any payload Step Functions accepts).
 */
const MAX_DEPTH = 1000;
const MAX_MILLIS = 5000;
/**
 * Evaluation steps (sub-expressions entered) of one evaluation: a tail-recursive loop without end
 * runs at constant depth, so it is cut by count long before the time bound (a 10,000-item $map
 * takes some 100,000 steps).
 */
const MAX_STEPS = 500_000;

interface Budget { depth: number; steps: number; readonly deadline: number }
type Env = { lookup(name: string): unknown; isParallelCall?: boolean };

function guard(compiled: jsonata.Expression): void {
  const check = (env: Env, delta: number) => {
    if (env.isParallelCall) return;
    const budget = env.lookup(BUDGET) as Budget | undefined;
    if (!budget) return;
    budget.depth += delta;
    if (delta > 0 && ++budget.steps > MAX_STEPS) fail('U1002', 'Expression evaluation timeout: Check for infinite loop');
    if (budget.depth > MAX_DEPTH) fail('U1001', 'Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.');
    if (Date.now() > budget.deadline) fail('U1002', 'Expression evaluation timeout: Check for infinite loop');
  };
  const hooks = compiled as unknown as { assign(name: symbol, value: unknown): void };
  hooks.assign(Symbol.for('jsonata.__evaluate_entry'), (_e: unknown, _i: unknown, env: Env) => check(env, 1));
  hooks.assign(Symbol.for('jsonata.__evaluate_exit'), (_e: unknown, _i: unknown, env: Env) => check(env, -1));
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

type Focus = { environment: { lookup(name: string): unknown } };
const randomOf = (focus: Focus) => (focus.environment.lookup(RANDOM) as (() => number) | undefined) ?? Math.random;
const fail = (code: string, message: string): never => { throw Object.assign(new Error(message), { code }); };

/**
 * Step Functions' additions to JSONata (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html),
 * with AWS's edges: non-integer numbers are truncated towards zero; a chunk size below 1, an empty
 * array, a range without a step or whose step points away from its end, and a hash without an
 * algorithm give undefined (the field then fails); a one-element range is the bare number.
 */
const FUNCTIONS: [string, (this: Focus, ...args: never[]) => unknown, string][] = [
  ['partition', (array: unknown[] | undefined, size: number | undefined) => {
    if (array === undefined || size === undefined) return undefined;
    const n = Math.trunc(size);
    if (n < 1 || array.length === 0) return undefined;
    const out: unknown[][] = [];
    for (let i = 0; i < array.length; i += n) out.push(array.slice(i, i + n));
    return out;
  }, '<a?n?:a>'],
  ['range', (a: number | undefined, b: number | undefined, s: number | undefined) => {
    if (a === undefined || b === undefined || s === undefined) return undefined;
    const [start, end, step] = [a, b, s].map(Math.trunc);
    if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end)) return undefined;
    const count = Math.floor((end - start) / step) + 1;
    if (count > 360145) fail('D1001', 'Expression evaluation memory limit exceeded: Check for excessive memory usage');
    if (count === 1) return start;
    return Array.from({ length: count }, (_, i) => start + i * step);
  }, '<n?n?n?:x>'],
  ['hash', (data: unknown, algorithm: string | undefined) => {
    if (data === undefined || algorithm === undefined) return undefined;
    const alg = HASHES[algorithm] ?? fail('D3137', `Unsupported hashing algorithm: ${algorithm}; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512`);
    return crypto.createHash(alg).update(typeof data === 'string' ? data : JSON.stringify(data), 'utf8').digest('hex');
  }, '<x?s?:s>'],
  ['random', function (this: Focus, seed: number | undefined) {
    return seed === undefined ? randomOf(this)() : seededRandom(Math.trunc(seed))();
  }, '<n?:n>'],
  ['uuid', function (this: Focus) {
    const bytes = Array.from({ length: 16 }, () => Math.floor(randomOf(this)() * 256));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const h = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }, '<:s>'],
  ['parse', (text: string | undefined) => {
    if (text === undefined) return undefined;
    try { return JSON.parse(text) as unknown; } catch (e) { return fail('D3140', `Unable to parse the JSON string: ${(e as Error).message}`); }
  }, '<s?:x>'],
];

const cache = new Map<string, jsonata.Expression>();

/** `{% expr %}` (exactly: no text around the braces, as in Step Functions) → the expression, else undefined (a literal). */
export function expressionOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.startsWith('{%') || !v.endsWith('%}') || v.length < 4) return undefined;
  return v.slice(2, -2);
}

function compile(expr: string, field: string | undefined): jsonata.Expression {
  let compiled = cache.get(expr);
  if (!compiled) {
    try {
      compiled = jsonata(expr);
    } catch (e) {
      throw new QueryEvaluationError(`${subject(expr, field)} could not be parsed. ${describe(e)}`);
    }
    const risky = regexesOf(compiled.ast()).find((r) => backtracksCatastrophically(r.source));
    if (risky) throw new QueryEvaluationError(`${subject(expr, field)} could not be evaluated: the regular expression /${risky.source}/ nests unbounded quantifiers, which can backtrack without end (the local engine refuses it)`);
    for (const [name, fn, signature] of FUNCTIONS) compiled.registerFunction(name, fn as (...args: unknown[]) => unknown, signature);
    guard(compiled);
    if (cache.size < 10000) cache.set(expr, compiled);
  }
  return compiled;
}

const subject = (expr: string, field: string | undefined) =>
  `The JSONata expression '${expr.trim()}'${field === undefined ? '' : ` specified for the field '${field}'`}`;
const describe = (e: unknown) => {
  const { code, message } = e as { code?: string; message?: string };
  return code ? `${code}: ${message}` : String(message ?? e);
};

/**
 * Evaluates a JSONata field value: a `{% expr %}` string, or an object/array whose string leaves
 * may be expressions; anything else is a literal. `$states` and the workflow variables are bound.
 * An expression that fails throws QueryEvaluationError; one that returns nothing (undefined)
 * throws it too when `options.field` names the field (else undefined is returned, for a caller
 * that names the field itself).
 */
export async function evalJsonata(value: unknown, bindings: Record<string, unknown>, options: JsonataOptions = {}): Promise<unknown> {
  const { field } = options;
  const expr = expressionOf(value);
  if (expr !== undefined) {
    const compiled = compile(expr, field);
    let result: unknown;
    try {
      // $eval is not available in Step Functions: calling it is "Attempted to invoke a non-function".
      const budget: Budget = { depth: 0, steps: 0, deadline: Date.now() + (options.timeoutMillis ?? MAX_MILLIS) };
      result = await compiled.evaluate({}, { eval: 0, ...bindings, [RANDOM]: options.random ?? Math.random, [BUDGET]: budget });
    } catch (e) {
      throw new QueryEvaluationError(`${subject(expr, field)} threw an error during evaluation. ${describe(e)}`);
    }
    // A function is no JSON value (and its closure is circular): AWS fails the field.
    if (isFunction(result) || hasFunction(result, 0)) throw new QueryEvaluationError(`${subject(expr, field)} returned an unsupported result type.`);
    // Without a field the caller names the field itself (undefined is returned as it is).
    if (result === undefined && field !== undefined) throw new QueryEvaluationError(`${subject(expr, field)} returned nothing (undefined).`);
    return plain(result);
  }
  const at = (suffix: string) => ({ ...options, field: field === undefined ? undefined : `${field}${suffix}` });
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await evalJsonata(value[i], bindings, at(`[${i}]`)));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evalJsonata(v, bindings, at(`/${k}`));
    return out;
  }
  return value;
}

/**
 * JSONata results carry sequence markers and functions; the state data is plain JSON. JSON has no
 * non-finite number: like Step Functions, Infinity, -Infinity and NaN become those strings.
 */
function plain(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'function') return {};
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
}

/** A JSONata function value: native, or a lambda / partial application (objects with a closure). */
function isFunction(v: unknown): boolean {
  if (typeof v === 'function') return true;
  if (v === null || typeof v !== 'object') return false;
  const f = v as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return f._jsonata_lambda === true || f._jsonata_function === true;
}

/** True when a function sits anywhere inside an array or object result (depth-bounded). */
function hasFunction(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object' || depth > 100) return false;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (isFunction(x) || hasFunction(x, depth + 1)) return true;
  return false;
}

/** A JSON type an ASL field requires of its JSONata value. */
export type JsonataType = 'array' | 'object' | 'string' | 'number' | 'boolean';

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Evaluates a field whose value must have one JSON type (`Items`: array, `Condition`: boolean...).
 * A `{% %}` value of another type fails like Step Functions (LocalStack's recording of AWS):
 * "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type.
 * Expected 'array', but was 'number' for value: 1".
 */
export async function evalJsonataAs(value: unknown, expected: JsonataType, bindings: Record<string, unknown>, options: JsonataOptions = {}): Promise<unknown> {
  const result = await evalJsonata(value, bindings, options);
  const expr = expressionOf(value);
  if (expr === undefined || typeOf(result) === expected) return result;
  const shown = typeof result === 'string' ? `"${result}"` : JSON.stringify(result);
  throw new QueryEvaluationError(`${subject(expr, options.field)} returned an unexpected result type. Expected '${expected}', but was '${typeOf(result)}' for value: ${shown}`);
}

/** Applies an `Assign` block: every value is evaluated against the same bindings, then set. */
export async function assign(block: unknown, bindings: Record<string, unknown>, vars: Record<string, unknown>, options: JsonataOptions = {}): Promise<void> {
  if (block === undefined) return;
  const values = (await evalJsonata(block, bindings, { ...options, field: options.field ?? 'Assign' })) as Record<string, unknown>;
  for (const [k, v] of Object.entries(values)) vars[k] = v;
}
