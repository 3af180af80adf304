import * as fs from 'fs';
import * as path from 'path';
import type { Problem } from './errors';
import type { TaskModel } from './types';

/** The fields that say where a task runs; a task sets at most one (none = the pass-through Lambda). */
export const KIND_FIELDS = ['handler', 'container', 'batch', 'glue', 'http', 'sdk', 'workflow', 'waitFor', 'approval'] as const;

/** How a task runs. `lambda` covers `handler` and the built-in pass-through. */
export type TaskKindName = 'lambda' | 'container' | 'batch' | 'glue' | 'http' | 'sdk' | 'workflow' | 'waitFor' | 'approval';

/** The kinds that wait for a callback (a task token stored in the workflow's callback table). */
export const CALLBACK_KINDS: readonly TaskKindName[] = ['waitFor', 'approval'];

/** Task fields that configure the task's Lambda function, so only Lambda tasks may set them. */
export const LAMBDA_SETTINGS = [
  'memorySize', 'architecture', 'ephemeralStorageSize', 'reservedConcurrency', 'vpc', 'layers', 'resultStore',
] as const;

/** The kind of a task. */
export function kindOf(task: Pick<TaskModel, typeof KIND_FIELDS[number]>): TaskKindName {
  for (const k of KIND_FIELDS) {
    if (k !== 'handler' && task[k] !== undefined) return k;
  }
  return 'lambda';
}

/** True for the tasks that run as a Lambda function (they get a function and the Lambda helpers). */
export function isLambdaTask(task: TaskModel): boolean {
  return kindOf(task) === 'lambda';
}

/** A `workflow:` value naming a spec file rather than a deployed workflow. */
export function isWorkflowSpecPath(value: string): boolean {
  return /\.(json|ya?ml|ts|js)$/i.test(value) || value.includes('/');
}

const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

type KindSpec = Partial<Pick<TaskModel, typeof KIND_FIELDS[number] | typeof LAMBDA_SETTINGS[number] | 'map'>> & { readonly id: string };

/**
 * The kind fields and Lambda settings of a spec task, checked: exactly one kind, Lambda settings
 * only on Lambda tasks, no map over a non-Lambda kind; a `workflow:` spec path resolved against
 * baseDir. Problems are appended to `problems` (every one, not the first).
 */
export function kindFields(t: KindSpec, where: { file: string; taskId: string }, baseDir: string, problems: Problem[]): Partial<TaskModel> {
  const kinds = KIND_FIELDS.filter((k) => t[k] !== undefined);
  if (kinds.length > 1) {
    problems.push({ ...where, field: kinds[1], message: `a task runs exactly one way: set one of ${KIND_FIELDS.join(', ')}; received ${kinds.join(' and ')}` });
  }
  const kind = kindOf(t);
  if (kind !== 'lambda') {
    for (const s of LAMBDA_SETTINGS) {
      if (t[s] !== undefined) problems.push({ ...where, field: s, message: `${s} configures the task's Lambda function, but this is a ${kind} task (it has no function)` });
    }
    if (t.map !== undefined) {
      problems.push({ ...where, field: 'map', message: `a map runs a Lambda handler per item; a ${kind} task cannot fan out (put the ${kind} step after or before the map)` });
    }
  }
  let workflow = t.workflow;
  if (workflow !== undefined) {
    if (isWorkflowSpecPath(workflow)) {
      workflow = path.resolve(baseDir, workflow);
      if (!fs.existsSync(workflow) || !fs.statSync(workflow).isFile()) {
        problems.push({ ...where, field: 'workflow', message: `workflow spec "${t.workflow}" not found (looked for ${workflow})` });
      }
    } else if (!WORKFLOW_NAME.test(workflow)) {
      problems.push({ ...where, field: 'workflow', message: `expected a workflow name matching ${WORKFLOW_NAME.source} or a spec path (.json/.yaml/.ts), received "${workflow}"` });
    }
  }
  if (t.http?.body !== undefined && (t.http.method === 'GET' || t.http.method === 'HEAD')) {
    problems.push({ ...where, field: 'http.body', message: `a ${t.http.method} request has no body; use query, or method POST/PUT/PATCH` });
  }
  return {
    container: t.container, batch: t.batch, glue: t.glue, http: t.http, sdk: t.sdk, workflow, waitFor: t.waitFor, approval: t.approval,
    memorySize: t.memorySize, architecture: t.architecture, ephemeralStorageSize: t.ephemeralStorageSize,
    reservedConcurrency: t.reservedConcurrency, vpc: t.vpc, layers: t.layers, resultStore: t.resultStore,
  };
}

/** A fallback runs the fallback task's handler in place of the failed task: it must be a Lambda task. */
export function fallbackKindProblems(tasks: readonly TaskModel[], file: string): Problem[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return tasks.flatMap((t) => {
    const fb = t.fallback !== undefined ? byId.get(t.fallback) : undefined;
    return fb && !isLambdaTask(fb)
      ? [{ file, taskId: fb.id, field: kindOf(fb), message: `"${fb.id}" is the fallback of "${t.id}", so it must be a Lambda task (handler); received a ${kindOf(fb)} task` }]
      : [];
  });
}
