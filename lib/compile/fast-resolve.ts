import { Stack, Token, Tokenization } from 'aws-cdk-lib';
import { renderResolvedJson } from './references';

/** CDK encodes string and list tokens as `${Token[...]}` / `#{Token[...]}` inside strings. */
const TOKEN_MARKER = '{Token[';
/** CDK encodes number tokens as doubles near -1.9e289; no real number in a definition is that large. */
const NUMBER_TOKEN_MAGNITUDE = 1e280;

/**
 * `stack.resolve(value)` for large JSON-like values (state machine definitions of thousands of
 * states) in a fraction of the time: plain strings, numbers, arrays and objects are walked here,
 * and only the parts that hold tokens go through `stack.resolve`, each distinct token string once
 * (every Task of a function names the same ARN token). The result equals `stack.resolve(value)`
 * for such values: undefined object values and array elements are dropped as CDK drops them.
 * Resolved values may be shared between places of the result: treat it as read-only.
 */
export function resolveJson(stack: Stack, value: unknown): unknown {
  const cache = new Map<string, unknown>();
  const resolveString = (s: string): unknown => {
    if (!s.includes(TOKEN_MARKER)) return s;
    if (!cache.has(s)) cache.set(s, stack.resolve(s));
    return cache.get(s);
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return resolveString(v);
    if (typeof v === 'number') return Math.abs(v) > NUMBER_TOKEN_MAGNITUDE && Token.isUnresolved(v) ? stack.resolve(v) : v;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      // A list token is an array of one encoded string: CDK resolves the whole array.
      if (v.length === 1 && typeof v[0] === 'string' && v[0].includes(TOKEN_MARKER) && Token.isUnresolved(v)) return stack.resolve(v);
      const out: unknown[] = [];
      for (const x of v) {
        const r = walk(x);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype || Tokenization.isResolvable(v)) return stack.resolve(v);
    const out: Record<string, unknown> = {};
    for (const k in v as Record<string, unknown>) {
      const r = walk((v as Record<string, unknown>)[k]);
      if (r === undefined) continue;
      const key = k.includes(TOKEN_MARKER) ? resolveString(k) : k;
      if (typeof key !== 'string') return stack.resolve(v); // a key that resolves to an intrinsic: let CDK say so
      out[key] = r;
    }
    return out;
  };
  return walk(value);
}

/** The keys renderResolvedJson renders an object by (a CloudFormation intrinsic). */
const INTRINSIC_KEYS = new Set(['Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::ImportValue', 'Fn::Select']);

/**
 * `renderResolvedJson(resolveJson(stack, value))` in one walk, without the resolved copy of a
 * whole definition in between (a 10,000-task workflow's children are ~10 MB of JSON): each part
 * that holds a token is resolved as resolveJson resolves it and rendered as renderResolvedJson
 * renders it; a plain object that turns out to be an intrinsic itself is left to the two walks.
 */
export function resolveRenderedJson(stack: Stack, value: unknown): unknown {
  const resolved = new Map<string, unknown>();
  const resolveString = (s: string): unknown => {
    if (!resolved.has(s)) resolved.set(s, stack.resolve(s));
    return resolved.get(s);
  };
  // A rendered string is shared between places (strings are immutable); objects are made for each place.
  const rendered = new Map<string, string>();
  const renderString = (s: string): unknown => {
    if (!s.includes(TOKEN_MARKER)) return s;
    const known = rendered.get(s);
    if (known !== undefined) return known;
    const r = renderResolvedJson(resolveString(s));
    if (typeof r === 'string') rendered.set(s, r);
    return r;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return renderString(v);
    if (typeof v === 'number') return Math.abs(v) > NUMBER_TOKEN_MAGNITUDE && Token.isUnresolved(v) ? renderResolvedJson(stack.resolve(v)) : v;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      if (v.length === 1 && typeof v[0] === 'string' && v[0].includes(TOKEN_MARKER) && Token.isUnresolved(v)) return renderResolvedJson(stack.resolve(v));
      const out: unknown[] = [];
      for (const x of v) {
        const r = walk(x);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype || Tokenization.isResolvable(v)) return renderResolvedJson(stack.resolve(v));
    const out: Record<string, unknown> = {};
    let intrinsic = false;
    for (const k in v as Record<string, unknown>) {
      const r = walk((v as Record<string, unknown>)[k]);
      if (r === undefined) continue;
      const key = k.includes(TOKEN_MARKER) ? resolveString(k) : k;
      if (typeof key !== 'string') return renderResolvedJson(stack.resolve(v));
      if (INTRINSIC_KEYS.has(key)) intrinsic = true;
      out[key] = r;
    }
    return intrinsic ? renderResolvedJson(resolveJson(stack, v)) : out;
  };
  return walk(value);
}
