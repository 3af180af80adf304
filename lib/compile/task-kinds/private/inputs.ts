import { CompileError } from '../../../model/errors';
import type { TaskModel, WorkflowModel } from '../../../model/types';
import type { Scope } from '../../data-flow';

const INPUT = /^\$\.input(?:[.[].*)?$/;
const RESULT = /^\$\.results\.([A-Za-z][A-Za-z0-9_-]*)(.*)$/;

/**
 * Renders a kind's parameters (Glue arguments, HTTP query/body, SDK parameters, ...) into ASL:
 * a string value `$.input...` reads the execution input and `$.results.<dep>...` a dependency's
 * result (the key becomes `key.$`); everything else is literal. Arrays stay literal (ASL resolves
 * paths only in object values).
 */
export function renderInputs(value: unknown, scope: Scope, task: TaskModel, model: WorkflowModel, field: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const path = typeof v === 'string' ? inputPath(v, scope, task, model, `${field}.${k}`) : undefined;
    if (path !== undefined) out[k.endsWith('.$') ? k : `${k}.$`] = path;
    else out[k] = renderInputs(v, scope, task, model, `${field}.${k}`);
  }
  return out;
}

/** The state path of `$.input...` / `$.results.<dep>...`, or undefined for a literal string. */
export function inputPath(v: string, scope: Scope, task: TaskModel, model: WorkflowModel, field: string): string | undefined {
  if (INPUT.test(v)) return v;
  const m = RESULT.exec(v);
  if (!m) return undefined;
  const [, dep, rest] = m;
  if (!task.dependsOn.includes(dep)) {
    throw new CompileError({
      file: model.source, taskId: task.id, field,
      message: `reads the result of "${dep}", so "${dep}" must be in dependsOn (dependsOn is [${task.dependsOn.join(', ')}])`,
    });
  }
  return `${scope.require(dep)}${rest}`;
}
