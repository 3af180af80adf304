import * as crypto from 'crypto';
import { seededRandom } from './clock';
import { StatesError } from './errors';
import { queryPath } from './jsonpath';
import { hasVariable } from './variables';

/** What intrinsic arguments and `.$` paths read: the state input, the context object, a random source. */
export interface EvalScope {
  readonly input: unknown;
  readonly context: unknown;
  readonly random: () => number;
  /** Workflow variables (`Assign`), read by `$name` arguments. */
  readonly vars?: Readonly<Record<string, unknown>>;
}

/**
 * Intrinsic functions as Step Functions runs them: every failure is `States.Runtime` with the cause
 * "The function '<expression as written>' had the following error: <detail>", where the detail is
 * "Invalid arguments in States.X" for a bad argument, or "The JsonPath argument for the field
 * '$.x' could not be found in the input '<input>'" for a path argument that matches nothing.
 */

type Node =
  | { readonly t: 'call'; readonly name: string; readonly args: readonly Node[] }
  | { readonly t: 'str'; readonly value: string; readonly template: string }
  | { readonly t: 'lit'; readonly value: unknown }
  | { readonly t: 'path'; readonly path: string };

/** A failure inside the evaluation; evalIntrinsic wraps its detail in AWS's sentence. */
class Detail extends Error {}

const invalidArgs = (fn: string): never => { throw new Detail(`Invalid arguments in ${fn}`); };
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (fn: string, v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : invalidArgs(fn));
const str = (fn: string, v: unknown): string => (typeof v === 'string' ? v : invalidArgs(fn));
const arr = (fn: string, v: unknown): unknown[] => (Array.isArray(v) ? v : invalidArgs(fn));
const INT32 = (x: number) => x >= -2147483648 && x <= 2147483647;
/** Longest string Base64Encode/Decode and Hash accept (AWS: 10,000 characters). */
const MAX_INPUT = 10000;
/** Most items ArrayRange may return. */
const MAX_RANGE = 1000;

/** Java's toString of a JSON value, as States.Format prints it: `{Arg1=1, Arg2=[]}`, `[1, a]`, `null`. */
function javaString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(javaString).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `${k}=${javaString(x)}`).join(', ')}}`;
  return String(v);
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

type Fn = (args: unknown[], scope: EvalScope, node: Node[]) => unknown;

/** Per function: [fewest, most] arguments, and the implementation. */
const FUNCTIONS: Record<string, [number, number, Fn]> = {
  'States.Format': [1, Infinity, (args, _s, nodes) => {
    const [tpl, ...rest] = args;
    const first = nodes[0];
    const text = first.t === 'str' ? first.template : str('States.Format', tpl);
    let i = 0;
    let out = '';
    for (let p = 0; p < text.length; p++) {
      const c = text[p];
      if (c === '\u0000') {
        out += text[++p];
        // '\{}' reads as the two characters "{}" (the } closes the escaped brace)
        if (text[p] === '{' && text[p + 1] === '}') out += text[++p];
        continue;
      }
      if (c === '{' && text[p + 1] === '}') {
        if (i >= rest.length) invalidArgs('States.Format');
        out += javaString(rest[i++]);
        p++;
        continue;
      }
      if (c === '{' || c === '}') invalidArgs('States.Format');
      out += c;
    }
    if (i !== rest.length) invalidArgs('States.Format');
    return out;
  }],
  'States.StringToJson': [1, 1, ([s]) => {
    const text = str('States.StringToJson', s);
    if (text.trim() === '') return null;
    try { return JSON.parse(text) as unknown; } catch { return invalidArgs('States.StringToJson'); }
  }],
  'States.JsonToString': [1, 1, ([v]) => JSON.stringify(v)],
  'States.Array': [0, Infinity, (args) => args],
  'States.ArrayPartition': [2, 2, ([a, n]) => {
    const items = arr('States.ArrayPartition', a);
    const size = Math.trunc(num('States.ArrayPartition', n));
    if (size < 1) invalidArgs('States.ArrayPartition');
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  }],
  'States.ArrayContains': [2, 2, ([a, v]) => {
    const key = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
    const k = key(v);
    return arr('States.ArrayContains', a).some((x) => key(x) === k);
  }],
  'States.ArrayRange': [3, 3, ([a, b, s]) => {
    const [start, end, step] = [a, b, s].map((x) => Math.trunc(num('States.ArrayRange', x)));
    if (step === 0) invalidArgs('States.ArrayRange');
    const count = (end - start) / step < 0 ? 0 : Math.floor((end - start) / step) + 1;
    if (count > MAX_RANGE) invalidArgs('States.ArrayRange');
    return Array.from({ length: count }, (_, i) => start + i * step);
  }],
  'States.ArrayGetItem': [2, 2, ([a, i]) => {
    const items = arr('States.ArrayGetItem', a);
    const index = Math.trunc(num('States.ArrayGetItem', i));
    if (items.length === 0) return null; // recorded AWS behaviour: any index of [] is null
    if (index < 0 || index >= items.length) invalidArgs('States.ArrayGetItem');
    return items[index];
  }],
  'States.ArrayLength': [1, 1, ([a]) => arr('States.ArrayLength', a).length],
  'States.ArrayUnique': [1, 1, ([a]) => {
    const seen = new Set<string>();
    return arr('States.ArrayUnique', a).filter((x) => { const k = JSON.stringify(x); if (seen.has(k)) return false; seen.add(k); return true; });
  }],
  'States.JsonMerge': [3, 3, ([a, b, deep]) => {
    if (!isObject(a) || !isObject(b) || deep !== false) invalidArgs('States.JsonMerge');
    return { ...(a as object), ...(b as object) };
  }],
  'States.MathAdd': [2, 2, ([a, b]) => {
    const [x, y] = [a, b].map((v) => Math.round(num('States.MathAdd', v)));
    if (!INT32(x) || !INT32(y) || !INT32(x + y)) invalidArgs('States.MathAdd');
    return x + y;
  }],
  'States.MathRandom': [2, 3, (args, scope) => {
    const start = Math.trunc(num('States.MathRandom', args[0]));
    const end = Math.trunc(num('States.MathRandom', args[1]));
    if (start >= end) invalidArgs('States.MathRandom');
    const random = args.length > 2 ? seededRandom(Math.trunc(num('States.MathRandom', args[2]))) : scope.random;
    return start + Math.floor(random() * (end - start));
  }],
  'States.StringSplit': [2, 2, ([s, d]) => {
    const text = str('States.StringSplit', s);
    const delims = str('States.StringSplit', d);
    // Java's StringTokenizer: every character of the delimiter splits, empty tokens are dropped.
    const out: string[] = [];
    let cur = '';
    for (const c of text) {
      if (delims.includes(c)) { if (cur) out.push(cur); cur = ''; } else cur += c;
    }
    if (cur) out.push(cur);
    return out;
  }],
  'States.UUID': [0, 0, (_args, scope) => {
    const h = Array.from({ length: 32 }, () => Math.floor(scope.random() * 16).toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }],
  'States.Hash': [2, 2, ([data, alg]) => {
    const algorithm = HASHES[str('States.Hash', alg)] ?? invalidArgs('States.Hash');
    if (data === null || data === undefined) invalidArgs('States.Hash');
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    if (text.length > MAX_INPUT) invalidArgs('States.Hash');
    return crypto.createHash(algorithm).update(text, 'utf8').digest('hex');
  }],
  'States.Base64Encode': [1, 1, ([s]) => {
    const text = str('States.Base64Encode', s);
    if (text.length > MAX_INPUT) invalidArgs('States.Base64Encode');
    return Buffer.from(text, 'utf8').toString('base64');
  }],
  'States.Base64Decode': [1, 1, ([s]) => {
    const text = str('States.Base64Decode', s);
    if (text.length > MAX_INPUT || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/.test(text)) invalidArgs('States.Base64Decode');
    return Buffer.from(text, 'base64').toString('utf8');
  }],
};

/** True when a `.$` value is an intrinsic function call rather than a path. */
export function isIntrinsic(expr: string): boolean {
  return expr.startsWith('States.');
}

const cache = new Map<string, Node>();

/** Evaluates an intrinsic function expression such as `States.Format('{}#x', $$.Execution.Id)`. */
export function evalIntrinsic(expr: string, scope: EvalScope): unknown {
  let ast = cache.get(expr);
  if (!ast) {
    const p = new Parser(expr);
    ast = p.call();
    p.skipWs();
    if (p.pos !== expr.length) throw syntax(expr, `unexpected text at ${p.pos}`);
    if (cache.size < 10000) cache.set(expr, ast);
  }
  try {
    return evaluate(ast, scope);
  } catch (e) {
    if (e instanceof Detail) throw new StatesError('States.Runtime', `The function '${expr}' had the following error: ${e.message}`);
    throw e;
  }
}

function evaluate(node: Node, scope: EvalScope): unknown {
  switch (node.t) {
    case 'str':
    case 'lit':
      return node.value;
    case 'path': {
      const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(node.path);
      if (variable && scope.vars) {
        const [, name, rest] = variable;
        if (!hasVariable(scope.vars, name)) throw new Detail(`The variable '$${name}' is not defined.`);
        if (rest === '') return scope.vars[name];
        const r = queryPath(scope.vars[name], `$${rest}`, true);
        if (!r.found) throw new Detail(`The JsonPath argument for the field '${node.path}' could not be found in the variable '$${name}'`);
        return r.value;
      }
      const context = node.path.startsWith('$$');
      const path = context ? node.path.slice(1) : node.path;
      const r = queryPath(context ? scope.context : scope.input, path, true);
      if (!r.found) throw new Detail(`The JsonPath argument for the field '${path}' could not be found in the input '${JSON.stringify(scope.input)}'`);
      return r.value;
    }
    case 'call': {
      const [min, max, fn] = FUNCTIONS[node.name];
      if (node.args.length < min || node.args.length > max) invalidArgs(node.name);
      return fn(node.args.map((a) => evaluate(a, scope)), scope, node.args as Node[]);
    }
  }
}

const syntax = (expr: string, why: string) => new StatesError('States.Runtime', `The function '${expr}' is not a valid intrinsic function: ${why}`);

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  skipWs(): void { while (this.s[this.pos] === ' ') this.pos++; }

  call(): Node {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.s.slice(this.pos));
    if (!m) throw syntax(this.s, `expected a function at ${this.pos}`);
    const name = m[0];
    if (!FUNCTIONS[name]) throw syntax(this.s, `unknown function ${name}`);
    this.pos += name.length;
    this.skipWs();
    if (this.s[this.pos] !== '(') throw syntax(this.s, `expected ( after ${name}`);
    this.pos++;
    const args: Node[] = [];
    this.skipWs();
    if (this.s[this.pos] === ')') { this.pos++; return { t: 'call', name, args }; }
    for (;;) {
      this.skipWs();
      args.push(this.arg());
      this.skipWs();
      const c = this.s[this.pos++];
      if (c === ')') break;
      if (c !== ',') throw syntax(this.s, `expected , or ) at ${this.pos - 1}`);
    }
    return { t: 'call', name, args };
  }

  private arg(): Node {
    const c = this.s[this.pos];
    if (c === "'") return this.string();
    if (this.s.startsWith('States.', this.pos)) return this.call();
    if (c === '$') return { t: 'path', path: this.path() };
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.pos));
    if (!m) throw syntax(this.s, `unexpected argument at ${this.pos}`);
    this.pos += m[0].length;
    return { t: 'lit', value: JSON.parse(m[0]) };
  }

  /** A path argument: up to the `,` or `)` outside brackets, parentheses and quotes. */
  private path(): string {
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === "'" || c === '"') {
        const end = this.s.indexOf(c, this.pos + 1);
        this.pos = end < 0 ? this.s.length : end + 1;
        continue;
      }
      if (c === '[' || c === '(') depth++;
      else if (c === ']' || c === ')') { if (depth === 0) break; depth--; }
      else if (depth === 0 && (c === ',' || c === ' ')) break;
      this.pos++;
    }
    return this.s.slice(start, this.pos);
  }

  private string(): Node {
    this.pos++;
    let value = '';
    let template = '';
    while (this.pos < this.s.length && this.s[this.pos] !== "'") {
      if (this.s[this.pos] === '\\' && this.pos + 1 < this.s.length) {
        const next = this.s[this.pos + 1];
        value += next;
        // \{ and \} are literal braces, never a {} placeholder of States.Format.
        template += next === '{' || next === '}' ? `\u0000${next}` : next === '\\' ? '\u0000\\' : next;
        this.pos += 2;
      } else {
        value += this.s[this.pos];
        template += this.s[this.pos++];
      }
    }
    if (this.s[this.pos] !== "'") throw syntax(this.s, 'unterminated string');
    this.pos++;
    return { t: 'str', value, template };
  }
}

/** Undoes the placeholder protection of escaped braces (kept for callers of the old API). */
export function unescapeBraces(v: unknown): unknown {
  // eslint-disable-next-line no-control-regex -- \u0000 is the escape marker this module puts before literal braces
  return typeof v === 'string' ? v.replace(/\u0000([{}])/g, '$1') : v;
}
