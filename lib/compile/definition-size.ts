import { kindOf } from '../model/task-kinds';
import type { TaskModel, WorkflowModel } from '../model/types';

/**
 * Bytes one state machine's definition may be estimated at before its tasks go to child machines:
 * Step Functions takes at most 1 MB (1,048,576 bytes); the rest is room for what the estimate does
 * not count (Parallel result selectors, the output state, the estimate's own error).
 */
export const DEFINITION_BYTES_BUDGET = 850_000;

/**
 * What the compiler writes for a task, calibrated on generated DAGs (ids of 4–60 characters, 0–3
 * dependencies; test/compile/definition-size.test.ts keeps the estimate within 10 % of the real
 * definitions) and the public DAGs: the Task state naming the id several times and each
 * dependency twice, the Retry rules, and its share of the Parallel result selectors (a required
 * task has no letter states: its failure stays uncaught, README "Failures").
 */
const TASK_BASE_BYTES = 660;
const BYTES_PER_ID_CHAR = 8;
const BYTES_PER_DEPENDENCY = 40;
const BYTES_PER_DEPENDENCY_CHAR = 9;
/** A Map (item processor, tolerance states) or another kind's integration adds about this much. */
const EXTRA_STATE_BYTES = 1500;

/** Estimated bytes `task` adds to the definition of the state machine that runs it. */
export function estimatedTaskBytes(task: TaskModel): number {
  const deps = task.dependsOn.reduce((sum, d) => sum + BYTES_PER_DEPENDENCY + BYTES_PER_DEPENDENCY_CHAR * d.length, 0);
  const retry = JSON.stringify(task.retry?.rules ?? []).length;
  const extra = (task.map ? EXTRA_STATE_BYTES : 0) + (kindOf(task) === 'lambda' ? 0 : EXTRA_STATE_BYTES);
  return TASK_BASE_BYTES + BYTES_PER_ID_CHAR * task.id.length + deps + retry + (task.description?.length ?? 0) + extra;
}

/** Estimated bytes of the whole workflow in one definition. */
export function estimatedWorkflowBytes(model: WorkflowModel): number {
  return model.tasks.reduce((sum, t) => sum + estimatedTaskBytes(t), 0);
}
