import * as crypto from 'crypto';
import { StatesError } from './errors';
import { readPath } from './jsonpath';

/** What intrinsic arguments and `.$` paths read: the state input, the context object, a random source. */
export interface EvalScope {
  readonly input: unknown;
  readonly context: unknown;
  readonly random: () => number;
}

type Fn = (args: unknown[], scope: EvalScope) => unknown;

const fail = (fn: string, why: string): never => { throw new StatesError('States.IntrinsicFailure', `${fn}: ${why}`); };

const FUNCTIONS: Record<string, Fn> = {
  'States.Format': ([tpl, ...rest]) => {
    if (typeof tpl !== 'string') fail('States.Format', 'the template must be a string');
    let i = 0;
    return (tpl as string).replace(/(?<!\u0000)\{\}/g, () => {
      if (i >= rest.length) fail('States.Format', 'more {} than arguments');
      const v = rest[i++];
      return typeof v === 'string' ? v : JSON.stringify(v);
    }).replace(/\u0000([{}])/g, '$1');
  },
  'States.StringToJson': ([s]) => {
    try { return JSON.parse(String(s)); } catch { return fail('States.StringToJson', 'not JSON'); }
  },
  'States.JsonToString': ([v]) => JSON.stringify(v),
  'States.Array': (args) => args,
  'States.ArrayPartition': ([a, n]) => {
    const arr = a as unknown[]; const size = Number(n);
    if (!Array.isArray(arr) || !(size > 0)) fail('States.ArrayPartition', 'expected an array and a positive size');
    const out: unknown[][] = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  },
  'States.ArrayContains': ([a, v]) => (a as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify(v)),
  'States.ArrayRange': ([a, b, s]) => {
    const out: number[] = [];
    const step = Number(s);
    if (step === 0) fail('States.ArrayRange', 'step 0');
    for (let x = Number(a); step > 0 ? x <= Number(b) : x >= Number(b); x += step) {
      out.push(x);
      if (out.length > 1000) fail('States.ArrayRange', 'the result cannot contain more than 1000 items');
    }
    return out;
  },
  'States.ArrayGetItem': ([a, i]) => {
    const arr = a as unknown[];
    if (!Array.isArray(arr) || Number(i) >= arr.length) fail('States.ArrayGetItem', 'index out of range');
    return arr[Number(i)];
  },
  'States.ArrayLength': ([a]) => (Array.isArray(a) ? a.length : fail('States.ArrayLength', 'not an array')),
  'States.ArrayUnique': ([a]) => {
    const seen = new Set<string>();
    return (a as unknown[]).filter((x) => { const k = JSON.stringify(x); if (seen.has(k)) return false; seen.add(k); return true; });
  },
  'States.JsonMerge': ([a, b, deep]) => {
    if (deep !== false) fail('States.JsonMerge', 'only shallow merge (false) is supported by Step Functions');
    return { ...(a as object), ...(b as object) };
  },
  'States.MathAdd': ([a, b]) => Number(a) + Number(b),
  'States.MathRandom': ([a, b], scope) => Math.floor(Number(a) + scope.random() * (Number(b) - Number(a))),
  'States.StringSplit': ([s, d]) => String(s).split(new RegExp(`[${String(d).replace(/[\]\\^-]/g, '\\$&')}]`)).filter((x) => x !== ''),
  'States.UUID': (_args, scope) => {
    const h = [...Array(32)].map(() => Math.floor(scope.random() * 16).toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  },
  'States.Hash': ([data, alg]) => {
    const map: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
    const a = map[String(alg)] ?? fail('States.Hash', `unknown algorithm ${String(alg)}`);
    return crypto.createHash(a).update(typeof data === 'string' ? data : JSON.stringify(data)).digest('hex');
  },
  'States.Base64Encode': ([s]) => Buffer.from(String(s), 'utf8').toString('base64'),
  'States.Base64Decode': ([s]) => Buffer.from(String(s), 'base64').toString('utf8'),
};

/** True when a `.$` value is an intrinsic function call rather than a path. */
export function isIntrinsic(expr: string): boolean {
  return expr.startsWith('States.');
}

/** Evaluates an intrinsic function expression such as `States.Format('{}#x', $$.Execution.Id)`. */
export function evalIntrinsic(expr: string, scope: EvalScope): unknown {
  const p = new Parser(expr, scope);
  const v = p.call();
  p.skipWs();
  if (p.pos !== expr.length) fail('intrinsic', `unexpected text at ${p.pos} in ${expr}`);
  return unescapeBraces(v);
}

class Parser {
  pos = 0;
  constructor(private readonly s: string, private readonly scope: EvalScope) {}

  skipWs(): void { while (this.s[this.pos] === ' ') this.pos++; }

  call(): unknown {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.s.slice(this.pos));
    if (!m) return fail('intrinsic', `expected a function at ${this.pos} in ${this.s}`);
    const name = m[0];
    const fn = FUNCTIONS[name];
    if (!fn) throw new StatesError('States.Runtime', `intrinsic function ${name} is not supported by the dagstep local engine`);
    this.pos += name.length;
    if (this.s[this.pos] !== '(') fail(name, 'expected (');
    this.pos++;
    const args: unknown[] = [];
    this.skipWs();
    if (this.s[this.pos] === ')') { this.pos++; return fn(args, this.scope); }
    for (;;) {
      this.skipWs();
      args.push(this.arg());
      this.skipWs();
      const c = this.s[this.pos++];
      if (c === ')') break;
      if (c !== ',') fail(name, `expected , or ) in ${this.s}`);
    }
    // Escaped braces are literal braces; only Format needs to tell them from its {} placeholders.
    return fn(name === 'States.Format' ? args : args.map(unescapeBraces), this.scope);
  }

  private arg(): unknown {
    const c = this.s[this.pos];
    if (c === "'") return this.string();
    if (this.s.startsWith('States.', this.pos)) return this.call();
    if (c === '$') {
      const m = /^\$\$?[^,)\s]*/.exec(this.s.slice(this.pos))!;
      this.pos += m[0].length;
      return m[0].startsWith('$$') ? readPath(this.scope.context, m[0].slice(1)) : readPath(this.scope.input, m[0]);
    }
    const m = /^(-?\d+(\.\d+)?|true|false|null)/.exec(this.s.slice(this.pos));
    if (!m) return fail('intrinsic', `unexpected argument at ${this.pos} in ${this.s}`);
    this.pos += m[0].length;
    return JSON.parse(m[0]);
  }

  private string(): string {
    this.pos++;
    let out = '';
    while (this.pos < this.s.length && this.s[this.pos] !== "'") {
      if (this.s[this.pos] === '\\') {
        const next = this.s[this.pos + 1];
        // \{ and \} stay escaped braces (literal, not a {} placeholder) for States.Format.
        out += next === '{' || next === '}' ? `\u0000${next}` : next;
        this.pos += 2;
      } else {
        out += this.s[this.pos++];
      }
    }
    this.pos++;
    return out;
  }
}

/** Undoes the placeholder protection of escaped braces. */
export function unescapeBraces(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/\u0000([{}])/g, '$1') : v;
}
