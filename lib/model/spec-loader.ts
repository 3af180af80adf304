import * as fs from 'fs';
import * as path from 'path';
import { isUserError, Problem, SpecError } from './errors';
import { resolveRetry, RetrySpecObject } from './retry-policies';
import { mapConfigProblems } from './map-config';
import { schemaProblems } from './schema';
import { fallbackKindProblems, kindFields } from './task-kinds';
import type { LayoutMode, TaskModel, WorkflowModel } from './types';
import { productionProblems } from './production';
import { handlerModuleProblem, isInside, projectDirOf } from './handler-module';
import { reservedEnvReason } from './reserved-env';
import { secretRefProblems } from './secret-refs';
import { specShapeProblem, MAX_SPEC_DEPTH } from './spec-shape';
import { awsValueProblems } from './private/aws-values';

/** Largest spec file read (a 10,000-task spec is about 1.5 MB). */
export const MAX_SPEC_BYTES = 5 * 1024 * 1024;
/** YAML aliases allowed in one document: enough for real specs, far too few for an alias bomb. */
export const MAX_YAML_ALIASES = 100;

/** Loads a JSON (.json) or YAML (.yaml, .yml) spec file into the workflow model. */
export function loadSpecFile(file: string): WorkflowModel {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new SpecError({ file, message: 'file not found' });
  }
  if (!stat.isFile()) throw new SpecError({ file, message: 'expected a file, received a directory' });
  if (stat.size > MAX_SPEC_BYTES) {
    throw new SpecError({ file, message: `file is ${stat.size} bytes; expected at most ${MAX_SPEC_BYTES} (5 MB)` });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    throw new SpecError({ file, message: 'expected UTF-8 text, received bytes that are not valid UTF-8' });
  }
  return parseSpec(text, file, path.dirname(path.resolve(file)));
}

/** Parses spec text (JSON when the file name ends in .json, YAML otherwise). */
export function parseSpec(text: string, file: string, baseDir: string): WorkflowModel {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new SpecError({ file, message: 'the file is empty; expected a workflow with "name" and "tasks"' });
  return modelFromSpec(/\.json$/i.test(file) ? parseJson(body, file) : parseYaml(body, file), file, baseDir);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const at = m ? lineCol(text, Number(m[1])) : lc ? ` at line ${lc[1]}, column ${lc[2]}` : '';
    throw new SpecError({ file, message: `invalid JSON${at}: ${(e as Error).message}` });
  }
}

/** What to do about a YAML parse error, by the parser's error code (and wording, for the ambiguous ones). */
function yamlHint(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return 'to fix: indent with spaces, not tabs';
  if (code === 'DUPLICATE_KEY') return 'to fix: keep one of the two keys (or rename one)';
  if (/quote/i.test(message)) return 'to fix: close the quote on the same line, or remove it';
  if (/compact mappings/.test(message)) return 'to fix: quote a value that contains ": " (e.g. description: "step 1: load"), or move the nested key to its own line, indented under its parent';
  if (/flow (sequence|mapping|collection)/i.test(message)) return 'to fix: close every [ and { you opened, or write the list as lines starting with "- "';
  if (['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'MISSING_CHAR', 'UNEXPECTED_TOKEN'].includes(code) || /indicator|indent|column/i.test(message)) {
    return 'to fix: check the indentation at that line: every key of a task starts in the same column as its "id" (two spaces after the task\'s "- "), and every "- " item of a list in the same column';
  }
  return 'to fix: correct the YAML at that line, or write the spec as JSON (schema/workflow.schema.json describes either)';
}

function parseYaml(text: string, file: string): unknown {
  // Loaded here, not at the top: a JSON spec (or a DSL file) does not pay for the YAML parser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: a JSON spec or a DSL file does not pay for the YAML parser
  const YAML = require('yaml') as typeof import('yaml');
  try {
    const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      if (/call stack/i.test(err.message)) {
        throw new SpecError({ file, message: `invalid YAML: nested deeper than the parser can follow (expected at most ${MAX_SPEC_DEPTH} levels)` });
      }
      const at = err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
      const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new SpecError({ file, message: `invalid YAML${at}: ${what}; ${yamlHint(err.code, what)}` });
    }
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (isUserError(e)) throw e;
    if (e instanceof RangeError) {
      throw new SpecError({ file, message: `invalid YAML: nested deeper than the parser can follow (expected at most ${MAX_SPEC_DEPTH} levels)` });
    }
    const msg = (e as Error).message;
    if (/alias/i.test(msg)) {
      throw new SpecError({ file, message: `YAML aliases expand too much (more than ${MAX_YAML_ALIASES} alias resolutions): refusing a possible alias bomb` });
    }
    throw new SpecError({ file, message: `invalid YAML: ${msg.split('\n')[0]}` });
  }
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return ` at line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** The spec-shaped task both front doors produce (the DSL builds one too): the model's fields, before defaults. */
export type SpecTask = Omit<TaskModel, 'dependsOn' | 'durationSeconds' | 'retry'> & {
  readonly dependsOn?: readonly string[];
  readonly durationSeconds?: number;
  readonly retry?: string | RetrySpecObject;
};

/** The workflow-level fields of a spec (all but name and tasks); the DSL's options are these plus baseDir. */
export interface SpecWorkflowFields {
  readonly description?: string;
  /** @default 'balanced' */
  readonly layout?: LayoutMode;
  /** State machine timeout. @default - the worst case of the critical path including retries, plus 10 % */
  readonly timeoutSeconds?: number;
  readonly slo?: { readonly p99Seconds: number; readonly successRate: number };
  /** Start on a schedule (cron or rate). @default - none */
  readonly schedule?: WorkflowModel['schedule'];
  /** Start on events (EventBridge pattern, S3 object-created, SQS). @default - none */
  readonly triggers?: WorkflowModel['triggers'];
  /** Most executions at once and what happens to a start beyond that. @default - unlimited */
  readonly concurrency?: WorkflowModel['concurrency'];
  /** How the `live` alias moves to a new version. @default - all at once */
  readonly deployment?: WorkflowModel['deployment'];
  /** Allow handler files outside the project directory (absolute paths, `../` escapes). @default false */
  readonly allowHandlersOutsideProject?: boolean;
  /** Local runs: mocks file of the non-Lambda tasks, relative to the spec. @default - `<name>.mocks.json` beside it, if any */
  readonly mocks?: string;
}

export interface SpecDocument extends SpecWorkflowFields {
  readonly name: string;
  readonly tasks: readonly SpecTask[];
}

/**
 * Validates a parsed spec (schema, retry policies, handler files, fallbacks) and builds the model,
 * reporting every problem at once. Graph problems (duplicates, unknown dependencies, cycles) are
 * left to the graph layer, which reports them all together.
 */
export function modelFromSpec(raw: unknown, file: string, baseDir: string): WorkflowModel {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SpecError({ file, message: `expected an object with "name" and "tasks" at the top level, received ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}` });
  }
  const shape = specShapeProblem(raw);
  if (shape) throw new SpecError({ file, field: shape.field, message: shape.message });
  const problems: Problem[] = schemaProblems(raw, file);
  if (problems.length > 0) throw new SpecError(problems);
  const spec = raw as SpecDocument;
  const ids = new Set(spec.tasks.map((t) => t.id));
  const tasks: TaskModel[] = [];
  for (const t of spec.tasks) {
    const where = { file, taskId: t.id };
    let retry;
    try {
      retry = resolveRetry(t.retry, where);
    } catch (e) {
      if (!isUserError(e)) throw e;
      problems.push(...e.problems);
      continue;
    }
    let handler: string | undefined;
    if (t.handler !== undefined) {
      handler = path.resolve(baseDir, t.handler);
      const problem = handlerProblem(t.handler, handler, baseDir, spec.allowHandlersOutsideProject === true);
      if (problem) problems.push({ ...where, field: 'handler', message: problem });
    }
    for (const k of Object.keys(t.environment ?? {})) {
      const reason = reservedEnvReason(k);
      if (reason) problems.push({ ...where, field: `environment.${k}`, message: `${reason}; expected a name of your own` });
    }
    problems.push(...secretRefProblems(t.secrets, t.environment, where));
    if (t.fallback !== undefined) {
      if (t.fallback === t.id) problems.push({ ...where, field: 'fallback', message: 'a task cannot be its own fallback' });
      else if (!ids.has(t.fallback)) problems.push({ ...where, field: 'fallback', message: `fallback names unknown task "${t.fallback}"` });
    }
    problems.push(...mapConfigProblems(t.map, where));
    tasks.push(clean({
      id: t.id,
      dependsOn: [...(t.dependsOn ?? [])],
      handler,
      durationSeconds: t.durationSeconds ?? 1,
      timeoutSeconds: t.timeoutSeconds,
      heartbeatSeconds: t.heartbeatSeconds,
      retry,
      map: t.map,
      optional: t.optional,
      fallback: t.fallback,
      idempotent: t.idempotent,
      sideEffects: t.sideEffects,
      environment: t.environment,
      description: t.description,
      secrets: t.secrets,
      acknowledgeSecrets: t.acknowledgeSecrets,
      ...kindFields(t, where, baseDir, problems),
    }));
  }
  problems.push(...awsValueProblems(spec, file));
  problems.push(...productionProblems(spec, file));
  problems.push(...fallbackKindProblems(tasks, file));
  const mocks = spec.mocks !== undefined ? path.resolve(baseDir, spec.mocks) : undefined;
  if (mocks !== undefined && !fs.existsSync(mocks)) problems.push({ file, field: 'mocks', message: `mocks file "${spec.mocks}" not found (looked for ${mocks})` });
  if (problems.length > 0) throw new SpecError(problems);
  return clean({
    name: spec.name,
    description: spec.description,
    tasks,
    source: file,
    baseDir,
    slo: spec.slo,
    layout: spec.layout,
    timeoutSeconds: spec.timeoutSeconds,
    schedule: spec.schedule,
    triggers: spec.triggers,
    concurrency: spec.concurrency,
    deployment: spec.deployment,
    allowHandlersOutsideProject: spec.allowHandlersOutsideProject,
    mocks,
  });
}

/**
 * What is wrong with a task's handler file: outside the project (unless allowed), missing, not a
 * JS/TS module, not parsing, or not exporting `handler`. The module is parsed, never run.
 */
function handlerProblem(given: string, abs: string, baseDir: string, allowOutside: boolean): string | undefined {
  const project = projectDirOf(baseDir);
  if (!allowOutside && !isInside(project, abs)) {
    return `handler "${given}" is outside the project directory ${project}; expected a path inside it (or set allowHandlersOutsideProject: true)`;
  }
  let isFile: boolean;
  try {
    isFile = fs.statSync(abs).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) return `handler file "${given}" not found (looked for ${abs})`;
  const problem = handlerModuleProblem(abs);
  return problem ? `handler "${given}" ${problem.startsWith('expected') ? `is not a module: ${problem}` : problem}` : undefined;
}

/** Drops undefined fields so models compare cleanly and print small. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
