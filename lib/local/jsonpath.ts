import { StatesError } from './errors';

/**
 * JSONPath as Step Functions reads it (Jayway JsonPath semantics): `$.a.b[0]`, `$['a b']`,
 * `$.a[-1]`, `$.a[0,2]`, slices `$.a[1:]`, `[:2]`, `[-1:]`, wildcards `[*]` / `.*`, recursive
 * descent `$..a`, filters `$.a[?(@.x == 0 && @.y)]`, and `$$.` paths into the context object.
 * A definite path (fields and single indexes only) reads one value; any other path reads the list
 * of its matches, `[]` when nothing matches (also when the array it selects from is missing).
 */

type Step =
  | { readonly k: 'field'; readonly names: readonly string[] }
  | { readonly k: 'index'; readonly at: readonly number[] }
  | { readonly k: 'slice'; readonly start?: number; readonly end?: number; readonly step?: number }
  | { readonly k: 'wild' }
  | { readonly k: 'scan'; readonly then: Step }
  | { readonly k: 'filter'; readonly test: Filter };

type Filter = (item: unknown, root: unknown) => boolean;

interface Compiled { readonly steps: readonly Step[]; readonly definite: boolean }

const invalid = (path: string): StatesError => new StatesError('States.Runtime', `invalid JSONPath ${JSON.stringify(path)}`);

/** Splits a simple JSONPath (`$.a.b[0]`, `$['a']`, `$.a[*].b`) into steps, as ResultPath uses them. */
export function parsePath(path: string): (string | number)[] {
  const { steps } = compile(path);
  return steps.map((s) => {
    if (s.k === 'field' && s.names.length === 1) return s.names[0];
    if (s.k === 'index' && s.at.length === 1 && s.at[0] >= 0) return s.at[0];
    if (s.k === 'wild') return '*';
    throw invalid(path);
  });
}

const cache = new Map<string, Compiled>();
function compile(path: string): Compiled {
  let c = cache.get(path);
  if (!c) {
    if (typeof path !== 'string' || !/^\$(?=$|[.[])/.test(path)) throw invalid(path);
    const steps = new PathParser(path, 1).steps(path.length);
    c = { steps, definite: steps.every((s) => (s.k === 'field' && s.names.length === 1) || (s.k === 'index' && s.at.length === 1)) };
    if (cache.size < 10000) cache.set(path, c);
  }
  return c;
}

class PathParser {
  constructor(private readonly s: string, public pos: number) {}

  steps(end: number, stop?: RegExp): Step[] {
    const out: Step[] = [];
    while (this.pos < end && !(stop && stop.test(this.s.slice(this.pos)))) {
      if (this.s.startsWith('..', this.pos)) {
        this.pos += 2;
        const then = this.s[this.pos] === '[' ? this.bracket() : this.dotted();
        out.push({ k: 'scan', then });
      } else if (this.s[this.pos] === '.') {
        this.pos++;
        out.push(this.dotted());
      } else if (this.s[this.pos] === '[') {
        out.push(this.bracket());
      } else {
        throw invalid(this.s);
      }
    }
    return out;
  }

  private dotted(): Step {
    if (this.s[this.pos] === '*') { this.pos++; return { k: 'wild' }; }
    const m = /^[^.[\]\s()=!<>&|,]+/.exec(this.s.slice(this.pos));
    if (!m) throw invalid(this.s);
    this.pos += m[0].length;
    return { k: 'field', names: [m[0]] };
  }

  private bracket(): Step {
    const rest = this.s.slice(this.pos);
    let m: RegExpExecArray | null;
    if ((m = /^\[\s*\*\s*\]/.exec(rest))) { this.pos += m[0].length; return { k: 'wild' }; }
    if ((m = /^\[\s*(-?\d+)\s*((?:,\s*-?\d+\s*)*)\]/.exec(rest))) {
      this.pos += m[0].length;
      return { k: 'index', at: [m[1], ...m[2].split(',').slice(1)].map((x) => Number(x.trim())) };
    }
    if ((m = /^\[\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?\]/.exec(rest))) {
      this.pos += m[0].length;
      const n = (x?: string) => (x === undefined ? undefined : Number(x));
      return { k: 'slice', start: n(m[1]), end: n(m[2]), step: n(m[3]) };
    }
    // A quoted name unescapes only its own quote (`\'` in '…'); any other backslash is a character of
    // the name: AWS reads $['Test\""Name"'] as the field Test\""Name" (localstack
    // tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json, ESCAPE_SEQUENCES_JSONPATH).
    if ((m = /^\[\s*((?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?:\s*,\s*(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))*)\s*\]/.exec(rest))) {
      this.pos += m[0].length;
      const names = [...m[1].matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((q) => (q[1] !== undefined ? q[1].replace(/\\'/g, "'") : q[2].replace(/\\"/g, '"')));
      return { k: 'field', names };
    }
    if (rest.startsWith('[?(')) {
      this.pos += 3;
      const test = new FilterParser(this.s, this).or();
      this.ws();
      if (!this.s.startsWith(')]', this.pos)) throw invalid(this.s);
      this.pos += 2;
      return { k: 'filter', test };
    }
    throw invalid(this.s);
  }

  ws(): void { while (this.s[this.pos] === ' ') this.pos++; }
}

type Operand = (item: unknown, root: unknown) => { found: boolean; value?: unknown };

/** `?( … )` filters: `||`, `&&`, `!`, parentheses, comparisons, regex `=~`, `in`/`nin`, existence. */
class FilterParser {
  constructor(private readonly s: string, private readonly p: PathParser) {}

  or(): Filter {
    let left = this.and();
    for (this.p.ws(); this.s.startsWith('||', this.p.pos); this.p.ws()) {
      this.p.pos += 2;
      const l = left; const r = this.and();
      left = (x, root) => l(x, root) || r(x, root);
    }
    return left;
  }

  private and(): Filter {
    let left = this.unary();
    for (this.p.ws(); this.s.startsWith('&&', this.p.pos); this.p.ws()) {
      this.p.pos += 2;
      const l = left; const r = this.unary();
      left = (x, root) => l(x, root) && r(x, root);
    }
    return left;
  }

  private unary(): Filter {
    this.p.ws();
    if (this.s[this.p.pos] === '!' && this.s[this.p.pos + 1] !== '=') {
      this.p.pos++;
      const f = this.unary();
      return (x, root) => !f(x, root);
    }
    if (this.s[this.p.pos] === '(') {
      this.p.pos++;
      const f = this.or();
      this.p.ws();
      if (this.s[this.p.pos++] !== ')') throw invalid(this.s);
      return f;
    }
    const left = this.operand();
    this.p.ws();
    const m = /^(==|!=|<=|>=|<|>|=~|nin\b|in\b)/.exec(this.s.slice(this.p.pos));
    if (!m) return (x, root) => { const v = left(x, root); return v.found && v.value !== false; };
    this.p.pos += m[0].length;
    this.p.ws();
    const op = m[1];
    if (op === '=~') {
      const r = /^\/((?:[^/\\]|\\.)*)\/([a-z]*)/.exec(this.s.slice(this.p.pos));
      if (!r) throw invalid(this.s);
      this.p.pos += r[0].length;
      const re = new RegExp(r[1], r[2].replace(/[^imsu]/g, ''));
      return (x, root) => { const v = left(x, root); return v.found && typeof v.value === 'string' && re.test(v.value); };
    }
    const right = this.operand();
    return (x, root) => compare(op, left(x, root), right(x, root));
  }

  private operand(): Operand {
    this.p.ws();
    const c = this.s[this.p.pos];
    if (c === '@' || c === '$') {
      this.p.pos++;
      const steps = this.p.steps(this.s.length, /^\s*(\)|==|!=|<|>|=~|&&|\|\||\s(?:in|nin)\b|,|\])/);
      const definite = steps.every((s) => (s.k === 'field' && s.names.length === 1) || (s.k === 'index' && s.at.length === 1));
      return (item, root) => {
        const found = select(c === '@' ? item : root, steps);
        if (definite) return found.length > 0 ? { found: true, value: found[0] } : { found: false };
        return { found: true, value: found };
      };
    }
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true\b|false\b|null\b|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\[[^\]]*\])/.exec(this.s.slice(this.p.pos));
    if (!m) throw invalid(this.s);
    this.p.pos += m[0].length;
    const value = literal(m[0]);
    return () => ({ found: true, value });
  }
}

function literal(text: string): unknown {
  if (text.startsWith("'")) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  if (text.startsWith('[')) {
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((x) => literal(x.trim()));
  }
  return JSON.parse(text);
}

function compare(op: string, l: { found: boolean; value?: unknown }, r: { found: boolean; value?: unknown }): boolean {
  if (op === 'in' || op === 'nin') {
    const inside = l.found && Array.isArray(r.value) && r.value.some((x) => sameJson(x, l.value));
    return op === 'in' ? inside : !inside;
  }
  if (op === '!=') return !(l.found && r.found && sameJson(l.value, r.value));
  if (!l.found || !r.found) return false;
  if (op === '==') return sameJson(l.value, r.value);
  const a = l.value;
  const b = r.value;
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    default: return a >= b;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every match of the steps from `data`, in document order. */
function select(data: unknown, steps: readonly Step[], root: unknown = data): unknown[] {
  let cur: unknown[] = [data];
  for (const step of steps) cur = cur.flatMap((v) => apply(step, v, root));
  return cur;
}

function apply(step: Step, v: unknown, root: unknown): unknown[] {
  switch (step.k) {
    case 'field':
      return isObject(v) ? step.names.filter((n) => Object.prototype.hasOwnProperty.call(v, n)).map((n) => v[n]) : [];
    case 'index':
      if (!Array.isArray(v)) return [];
      return step.at.map((i) => (i < 0 ? v.length + i : i)).filter((i) => i >= 0 && i < v.length).map((i) => v[i] as unknown);
    case 'slice': {
      if (!Array.isArray(v)) return [];
      const n = v.length;
      const norm = (x: number | undefined, d: number) => (x === undefined ? d : x < 0 ? Math.max(0, n + x) : Math.min(n, x));
      const out: unknown[] = [];
      for (let i = norm(step.start, 0); i < norm(step.end, n); i += Math.max(1, step.step ?? 1)) out.push(v[i]);
      return out;
    }
    case 'wild':
      return Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
    case 'filter':
      return Array.isArray(v) ? v.filter((x) => step.test(x, root)) : isObject(v) && step.test(v, root) ? [v] : [];
    case 'scan': {
      const out: unknown[] = [];
      const visit = (x: unknown): void => {
        out.push(...apply(step.then, x, root));
        if (Array.isArray(x)) x.forEach(visit);
        else if (isObject(x)) Object.values(x).forEach(visit);
      };
      visit(v);
      return out;
    }
  }
}

/** Options of a read: the context object `$$.` paths read, and the ASL field named in errors. */
export interface ReadOptions {
  readonly context?: unknown;
  /** e.g. `InputPath`, `ItemsPath`, `param.$`: the error then reads like Step Functions'. */
  readonly field?: string;
}

/**
 * The matches of a path: for a definite path `{ found, value }` (an index past the end of an
 * array is found as null, like Step Functions); for any other path the list of matches (found).
 */
export function queryPath(data: unknown, path: string, strict = false): { found: boolean; value?: unknown } {
  const { steps, definite } = compile(path);
  if (!definite) return { found: true, value: select(data, steps) };
  let cur = data;
  let i = 0;
  for (; i < steps.length; i++) {
    const step = steps[i];
    if (step.k === 'field') {
      if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, step.names[0])) break;
      cur = cur[step.names[0]];
    } else if (step.k === 'index' && Array.isArray(cur)) {
      const at = step.at[0] < 0 ? cur.length + step.at[0] : step.at[0];
      if (at < 0 || at >= cur.length) break;
      cur = cur[at];
    } else {
      break;
    }
  }
  if (i === steps.length) return { found: true, value: cur };
  if (!strict && i === steps.length - 1 && steps[i].k === 'index' && Array.isArray(cur)) {
    return { found: true, value: null };
  }
  return { found: false };
}

/**
 * Reads a JSONPath (`$$.` paths from `options.context` when given); a path that does not resolve
 * is States.Runtime, worded as Step Functions words it.
 */
export function readPath(data: unknown, path: string, options: ReadOptions = {}): unknown {
  const fromContext = path.startsWith('$$') && options.context !== undefined;
  const r = queryPath(fromContext ? options.context : data, fromContext ? path.slice(1) : path);
  if (!r.found) throw missingPath(path, data, options.field);
  return r.value;
}

/**
 * Reads a JSONPath, or undefined when it does not resolve (as Choice rules read their Variable:
 * an index past the end is not present here).
 */
export function tryReadPath(data: unknown, path: string, options: ReadOptions = {}): unknown {
  const fromContext = path.startsWith('$$') && options.context !== undefined;
  try {
    const r = queryPath(fromContext ? options.context : data, fromContext ? path.slice(1) : path, true);
    return r.found ? r.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a definite path read nothing, in the words of the JSONPath library AWS uses (Jayway): a missing
 * last field is "No results for path: $['a']['b']", a missing field before it "Missing property in
 * path $['a']" (recorded on AWS: localstack tests/aws/services/stepfunctions/v2/scenarios/
 * test_base_scenarios.snapshot.json, test_catch_states_runtime and test_invalid_jsonpath).
 */
export function notFoundDetail(path: string, data: unknown): string {
  let steps: readonly Step[] | undefined;
  try { steps = compile(path).steps; } catch { steps = undefined; }
  const simple = steps?.every((s) => (s.k === 'field' && s.names.length === 1) || (s.k === 'index' && s.at.length === 1));
  if (!steps || !simple) return `No results for path: ${path.replace(/(?<!\.)\.([^.[\]]+)/g, "['$1']")}`;
  const keys = steps.map((s) => (s.k === 'field' ? s.names[0] : s.k === 'index' ? s.at[0] : 0));
  const show = (n: number) => '$' + keys.slice(0, n).map((k) => (typeof k === 'string' ? `['${k}']` : `[${k}]`)).join('');
  let cur: unknown = data;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const at = typeof k === 'number' && Array.isArray(cur) && k < 0 ? cur.length + k : k;
    const present = typeof at === 'string' ? isObject(cur) && Object.prototype.hasOwnProperty.call(cur, at)
      : Array.isArray(cur) && at >= 0 && at < cur.length;
    if (!present) return i === keys.length - 1 ? `No results for path: ${show(keys.length)}` : `Missing property in path ${show(i + 1)}`;
    cur = (cur as Record<string | number, unknown>)[at];
  }
  return `No results for path: ${show(keys.length)}`;
}

/**
 * The States.Runtime error for a path that matched nothing, in AWS's words when the field is known
 * ("The JSONPath '$.x' specified for the field 'InputPath' could not be found in the input '{}'").
 */
export function missingPath(path: string, input: unknown, field?: string): StatesError {
  if (field === undefined) return new StatesError('States.Runtime', `The JSONPath '${path}' could not be found in the input`);
  return new StatesError('States.Runtime', `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`);
}

/** ResultPath: puts `value` into a copy of `data` at `path` (`$` replaces, null discards). */
export function writePath(data: unknown, path: string | null | undefined, value: unknown): unknown {
  if (path === null) return data;
  if (path === undefined || path === '$') return value;
  const s = parsePath(path);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ResultPath ${path} to input ${JSON.stringify(data)?.slice(0, 80)}`);
  }
  const root: unknown = { ...(data) };
  let cur = root as Record<string, unknown>;
  for (let i = 0; i < s.length; i++) {
    const step = s[i];
    if (typeof step !== 'string') throw new StatesError('States.Runtime', `ResultPath ${path} must name object fields`);
    if (i === s.length - 1) {
      cur[step] = value;
    } else {
      const next = cur[step];
      const copy = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next) } : {};
      cur[step] = copy;
      cur = copy;
    }
  }
  return root;
}
