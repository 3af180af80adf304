import type { AslChoiceRule } from '../../model/asl';
import { StatesError } from '../errors';
import type { StateIo } from '../io';
import { evalField } from '../jsonata-field';
import { tryReadPath } from '../jsonpath';
import type { StepResult } from '../runtime';
import { readRef } from '../template';

/**
 * Choice: the first matching rule (JSONPath comparison or JSONata Condition) with its own Assign
 * and Output, else Default with the state's; no match and no Default is States.NoChoiceMatched.
 */
export async function runChoice(io: StateIo): Promise<StepResult> {
  const { state, name, frame } = io.env;
  const rules = state.Choices ?? [];
  const effective = io.effectiveInput();
  for (let i = 0; i < rules.length; i++) {
    const rule: AslChoiceRule = rules[i];
    const hit = io.jsonata
      ? await evalField(rule.Condition, io.bindings({ input: io.env.input }), `Choices[${i}]/Condition`, io.env.rt.random)
      : matches(rule, effective, io.scope(effective).context, frame.vars);
    if (io.jsonata && typeof hit !== 'boolean') {
      throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${String(rule.Condition).slice(2, -2).trim()}' specified for the field 'Choices[${i}]/Condition' returned an unexpected result type. Expected 'boolean', but was '${typeof hit}' for value: ${JSON.stringify(hit)}`);
    }
    if (hit === true) return { output: await io.finish(effective, { resultPath: false, rule, prefix: `Choices[${i}]/` }), next: rule.Next };
  }
  if (state.Default !== undefined) return { output: await io.finish(effective), next: state.Default };
  throw new StatesError('States.NoChoiceMatched', `no choice rule matched in state "${name}" and there is no Default`);
}

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
