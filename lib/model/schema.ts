import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest } from './did-you-mean';
import type { Problem } from './errors';
import schema from '../../schema/workflow.schema.json';
import validateSchema from './private/schema-validator.generated';

/** The schema compiled ahead of time by Ajv (scripts/schema-validator.ts; allErrors, not strict). */
const compiled = validateSchema as unknown as ValidateFunction;

/** The published JSON Schema of spec files (schema/workflow.schema.json). */
export const WORKFLOW_SCHEMA = schema;

/** Keys allowed at each level, for "did you mean" on unknown keys. */
const KNOWN_KEYS: Record<string, string[]> = {
  workflow: Object.keys(schema.properties),
  task: Object.keys(schema.definitions.task.properties),
  map: Object.keys(schema.definitions.task.properties.map.properties),
  retry: Object.keys(schema.definitions.task.properties.retry.oneOf[1].properties!),
  slo: Object.keys(schema.properties.slo.properties),
  itemReader: Object.keys(schema.definitions.task.properties.map.properties.itemReader.properties),
  container: Object.keys(schema.definitions.task.properties.container.properties),
  batch: Object.keys(schema.definitions.task.properties.batch.properties),
  glue: Object.keys(schema.definitions.task.properties.glue.properties),
  http: Object.keys(schema.definitions.task.properties.http.properties),
  sdk: Object.keys(schema.definitions.task.properties.sdk.properties),
};

/** Validates a parsed spec against the schema; every violation as a problem naming task and field. */
export function schemaProblems(spec: unknown, file: string): Problem[] {
  if (compiled(spec)) return [];
  const errors = compiled.errors ?? [];
  const problems = errors.flatMap((e) => toProblem(e, spec, file));
  // Never let an invalid spec through because every message was folded into a summary; the one
  // exception is the one-kind-per-task `not`, which the loader reports naming both kinds.
  const unreported = errors.filter((e) => e.keyword !== 'not');
  if (problems.length === 0 && unreported.length > 0) problems.push(...fallbackProblem(unreported[0], spec, file));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.taskId}|${p.field}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toProblem(e: ErrorObject, spec: unknown, file: string): Problem[] {
  // The oneOf / propertyNames summaries say it once; a branch's type mismatch or the name pattern
  // would say it again. (Other branch errors, e.g. an unknown key in the retry object, stay.)
  if ((e.keyword === 'type' && /\/oneOf\/\d+\/type$/.test(e.schemaPath)) || /\/propertyNames\//.test(e.schemaPath)) return [];
  const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let taskId: string | undefined;
  let rest = segments;
  if (segments[0] === 'tasks' && segments.length >= 2) {
    const i = Number(segments[1]);
    const t = (spec as { tasks?: { id?: unknown }[] }).tasks?.[i];
    taskId = t && typeof t.id === 'string' ? t.id : `tasks[${i}]`;
    rest = segments.slice(2);
  }
  const field = rest.length > 0 ? rest.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]') : undefined;
  const value = valueAt(spec, segments);
  const level = levelOf(segments);
  const where = (f: string | undefined) => ({ file, taskId, field: f });
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const hint = closest(key, KNOWN_KEYS[level] ?? []);
      return [{ ...where(field ? `${field}.${key}` : key), message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}` }];
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return [{ ...where(field ? `${field}.${key}` : key), message: `missing required key "${key}"` }];
    }
    case 'type':
      return [{ ...where(field), message: `expected ${article(String((e.params as { type: string }).type))}, received ${describe(value)}` }];
    case 'pattern':
      return [{ ...where(field), message: patternMessage(rest, String((e.params as { pattern: string }).pattern), value) }];
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const p = e.params as { comparison: string; limit: number };
      return [{ ...where(field), message: `expected a number ${p.comparison} ${p.limit}, received ${describe(value)}` }];
    }
    case 'enum':
      return [{ ...where(field), message: `expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, received ${describe(value)}` }];
    case 'const':
      return [{ ...where(field), message: `expected ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, received ${describe(value)}` }];
    case 'minItems':
      return [{ ...where(field), message: `expected at least ${(e.params as { limit: number }).limit} item(s), received ${describe(value)}` }];
    case 'maxItems':
      return [{ ...where(field), message: `expected at most ${(e.params as { limit: number }).limit} items, received ${Array.isArray(value) ? value.length : describe(value)}` }];
    case 'uniqueItems':
      return [{ ...where(field), message: `expected no repeated entries, received ${describe(value)}` }];
    case 'maxLength':
      return [{ ...where(field), message: `expected at most ${(e.params as { limit: number }).limit} characters, received ${typeof value === 'string' ? value.length : describe(value)}` }];
    case 'minLength':
      return [{ ...where(field), message: `expected a non-empty string, received ${describe(value)}` }];
    case 'oneOf':
      return field === 'retry' && typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value))
        ? [{ ...where(field), message: `expected a policy name or a retry object, received ${describe(value)}` }] : [];
    case 'propertyNames':
      return [{ ...where(field), message: `expected ${field?.endsWith('secrets') ? 'secret' : 'environment variable'} names matching ^[A-Za-z][A-Za-z0-9_]*$, received ${describe(Object.keys(value as object))}` }];
    default:
      // `not` is the one-kind-per-task rule: the loader reports it, naming the kinds (lib/model/task-kinds.ts).
      return e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'not' ? [] : [{ ...where(field), message: e.message ?? 'invalid' }];
  }
}

function fallbackProblem(e: ErrorObject, spec: unknown, file: string): Problem[] {
  const segments = e.instancePath.split('/').slice(1);
  const task = segments[0] === 'tasks' && segments.length >= 2 ? (spec as { tasks?: { id?: unknown }[] }).tasks?.[Number(segments[1])] : undefined;
  const taskId = segments[0] === 'tasks' && segments.length >= 2 ? (task && typeof task.id === 'string' ? task.id : `tasks[${segments[1]}]`) : undefined;
  const rest = taskId !== undefined ? segments.slice(2) : segments;
  return [{ file, ...(taskId !== undefined ? { taskId } : {}), ...(rest.length > 0 ? { field: rest.join('.') } : {}), message: `${e.message ?? 'invalid'}, received ${describe(valueAt(spec, segments))}` }];
}

function levelOf(segments: readonly string[]): string {
  const last = segments[segments.length - 1];
  if (segments.length === 0) return 'workflow';
  if (segments[0] === 'tasks' && segments.length === 2) return 'task';
  if (last === 'map' || last === 'retry' || last === 'slo' || last === 'itemReader') return last;
  if (segments.length === 3 && last in KNOWN_KEYS) return last;
  return 'none';
}

function patternMessage(rest: readonly string[], pattern: string, value: unknown): string {
  if (rest.length > 0 && rest[rest.length - 1] === 'id') {
    const s = String(value);
    const why = s.length > 64 ? ` (${s.length} characters, at most 64)` : /^[^A-Za-z]/.test(s) ? ' (must start with a letter)' : ' (letters, digits, _ and - only)';
    return `expected an id matching ${pattern}, received ${describe(value)}${why}`;
  }
  if (rest.length === 1 && rest[0] === 'name') return `expected a name matching ${pattern} (letters, digits, _ and -; at most 80), received ${describe(value)}`;
  if (rest.join('.') === 'http.connection') return `expected the EventBridge connection's full ARN (arn:aws:events:<region>:<account>:connection/<name>/<id>, as the console or \`aws events describe-connection\` shows it; Step Functions needs the ARN, and dagstep looks nothing up), received ${describe(value)}`;
  if (rest.join('.') === 'http.url') return `expected an https:// URL without query or fragment (put query parameters in http.query), received ${describe(value)}`;
  if (rest[rest.length - 1] === 'itemsPath') return `expected a JSONPath such as $.orders or $.results.list_files.keys, received ${describe(value)}`;
  return `expected a value matching ${pattern}, received ${describe(value)}`;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let v: unknown = root;
  for (const s of segments) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

function article(type: string): string {
  return type === 'integer' ? 'an integer' : type === 'object' ? 'an object' : type === 'array' ? 'an array' : `a ${type}`;
}

/** A received value, shown briefly. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? `a ${typeof v}`;
  } catch {
    s = '(a value that cannot be shown)';
  }
  const shown = s.length > 60 ? `${s.slice(0, 57)}...` : s;
  return Array.isArray(v) ? `an array ${shown}` : v === null ? 'null' : typeof v === 'object' ? `an object ${shown}` : `${typeof v} ${shown}`;
}
