import { StatesError } from './errors';
import { tryReadPath } from './jsonpath';
import { readRef } from './template';

type Rule = Record<string, unknown>;

const MISSING = Symbol('missing');

/**
 * Evaluates a Choice rule (JSONPath comparisons, And/Or/Not) against the state input; `$$.` paths
 * read the context object and `$name` paths the workflow variables.
 */
export function matches(rule: Rule, input: unknown, context: unknown, vars?: Record<string, unknown>): boolean {
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).every((r) => matches(r, input, context, vars));
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).some((r) => matches(r, input, context, vars));
  if (rule.Not) return !matches(rule.Not as Rule, input, context, vars);
  const variable = String(rule.Variable);
  const read = (p: string) => {
    try {
      // An input path reads as Choice rules do on AWS: an index past the end is not present.
      const v = p.startsWith('$.') || p.startsWith('$[') ? tryReadPath(input, p) : readRef(p, input, context, vars);
      return v === undefined ? MISSING : v;
    } catch {
      return MISSING;
    }
  };
  const value = read(variable);
  for (const [op, expected] of Object.entries(rule)) {
    if (op === 'Variable' || op === 'Next' || op === 'Comment' || op === 'Assign' || op === 'Output') continue;
    const isPath = op.endsWith('Path') && op !== 'StringMatchesPath';
    const base = isPath ? op.slice(0, -4) : op;
    const want = isPath ? read(String(expected)) : expected;
    return compare(base, value, want, variable);
  }
  throw new StatesError('States.Runtime', `Choice rule on ${variable} has no comparison`);
}

function compare(op: string, v: unknown, want: unknown, variable: string): boolean {
  switch (op) {
    case 'IsPresent': return (v !== MISSING) === want;
    case 'IsNull': return (v === null) === want;
    case 'IsBoolean': return (typeof v === 'boolean') === want;
    case 'IsNumeric': return (typeof v === 'number') === want;
    case 'IsString': return (typeof v === 'string') === want;
    case 'IsTimestamp': return (typeof v === 'string' && !Number.isNaN(Date.parse(v))) === want;
  }
  if (v === MISSING) throw new StatesError('States.Runtime', `Invalid path '${variable}': The choice state's condition path references an invalid value.`);
  switch (op) {
    case 'StringEquals': return v === want;
    case 'StringLessThan': return typeof v === 'string' && v < String(want);
    case 'StringGreaterThan': return typeof v === 'string' && v > String(want);
    case 'StringLessThanEquals': return typeof v === 'string' && v <= String(want);
    case 'StringGreaterThanEquals': return typeof v === 'string' && v >= String(want);
    case 'StringMatches': return typeof v === 'string' && globToRegExp(String(want)).test(v);
    case 'NumericEquals': return v === want;
    case 'NumericLessThan': return typeof v === 'number' && v < Number(want);
    case 'NumericGreaterThan': return typeof v === 'number' && v > Number(want);
    case 'NumericLessThanEquals': return typeof v === 'number' && v <= Number(want);
    case 'NumericGreaterThanEquals': return typeof v === 'number' && v >= Number(want);
    case 'BooleanEquals': return v === want;
    case 'TimestampEquals': return Date.parse(String(v)) === Date.parse(String(want));
    case 'TimestampLessThan': return Date.parse(String(v)) < Date.parse(String(want));
    case 'TimestampGreaterThan': return Date.parse(String(v)) > Date.parse(String(want));
    case 'TimestampLessThanEquals': return Date.parse(String(v)) <= Date.parse(String(want));
    case 'TimestampGreaterThanEquals': return Date.parse(String(v)) >= Date.parse(String(want));
    default: throw new StatesError('States.Runtime', `Choice operator ${op} is not supported by the dagstep local engine`);
  }
}

/** ASL StringMatches: `*` matches anything, `\\*` a literal asterisk, `\\\\` a backslash. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '*') {
      re += '.*';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`, 's');
}
