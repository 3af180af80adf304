import { CompileError, Problem } from '../model/errors';
import type { LayoutMode, TaskModel, WorkflowModel } from '../model/types';
import { layout } from '../graph/layout';
import type { Plan } from '../graph/plan';
import { validateGraph } from '../graph/validate';
import { DEFINITION_BYTES_BUDGET, estimatedWorkflowBytes } from './definition-size';

/** A model checked and laid out, ready to be rendered into states. */
export interface WorkflowPlan {
  readonly model: WorkflowModel;
  readonly plan: Plan;
  /** Tasks that run only in place of a failed task (named by another task's `fallback`). */
  readonly fallbackOnly: ReadonlySet<string>;
  readonly taskById: ReadonlyMap<string, TaskModel>;
}

/**
 * Validates the graph, checks the fallback rules and lays the DAG out.
 * Fallback tasks are not part of the DAG: they run only in place of the task that names them.
 * @throws GraphError / CompileError naming the file, task and field
 */
export function planWorkflow(model: WorkflowModel, mode?: LayoutMode): WorkflowPlan {
  // `dagstep check` plans, then compiles (which plans again): lay a model out once per mode.
  const key = mode ?? defaultLayout(model);
  const cached = planCache.get(model)?.get(key);
  if (cached && cached.tasks === model.tasks) return cached.plan;
  const plan = computePlan(model, mode);
  if (!planCache.has(model)) planCache.set(model, new Map());
  planCache.get(model)!.set(key, { tasks: model.tasks, plan });
  return plan;
}

const planCache = new WeakMap<WorkflowModel, Map<LayoutMode, { tasks: WorkflowModel['tasks']; plan: WorkflowPlan }>>();

/**
 * Most tasks one state machine runs by default; larger workflows are split into child state
 * machines (started with `startExecution.sync:2`), each definition well under Step Functions' 1 MB.
 */
export const DEFAULT_MAX_TASKS_PER_STATE_MACHINE = 300;

/**
 * True when a workflow does not fit one state machine: more than `maxTasksPerStateMachine` tasks,
 * or a definition estimated over DEFINITION_BYTES_BUDGET (long ids, many dependencies).
 */
export function needsChildMachines(model: WorkflowModel, maxTasksPerStateMachine = DEFAULT_MAX_TASKS_PER_STATE_MACHINE): boolean {
  return model.tasks.length > maxTasksPerStateMachine || estimatedWorkflowBytes(model) > DEFINITION_BYTES_BUDGET;
}

/**
 * The layout of a model that names none: `balanced`, or `sp` for a workflow split into child state
 * machines (cross-branch waits cannot span machines).
 */
export function defaultLayout(model: WorkflowModel, maxTasksPerStateMachine = DEFAULT_MAX_TASKS_PER_STATE_MACHINE): LayoutMode {
  return model.layout ?? (needsChildMachines(model, maxTasksPerStateMachine) ? 'sp' : 'balanced');
}

function computePlan(model: WorkflowModel, mode?: LayoutMode): WorkflowPlan {
  validateGraph(model);
  const taskById = new Map(model.tasks.map((t) => [t.id, t]));
  const fallbackOnly = checkFallbacks(model, taskById);
  const dagTasks = model.tasks.filter((t) => !fallbackOnly.has(t.id));
  const plan = layout({ source: model.source, tasks: dagTasks }, mode ?? defaultLayout(model));
  return { model, plan, fallbackOnly, taskById };
}

function checkFallbacks(model: WorkflowModel, taskById: ReadonlyMap<string, TaskModel>): Set<string> {
  const problems: Problem[] = [];
  const usedBy = new Map<string, string>();
  for (const t of model.tasks) {
    if (t.fallback === undefined) continue;
    const where = { file: model.source, taskId: t.id, field: 'fallback' };
    const fb = taskById.get(t.fallback);
    if (!fb) {
      problems.push({ ...where, message: `names unknown task "${t.fallback}"` });
      continue;
    }
    if (fb.id === t.id) problems.push({ ...where, message: 'a task cannot be its own fallback' });
    const other = usedBy.get(fb.id);
    if (other !== undefined) {
      problems.push({ ...where, message: `"${fb.id}" is already the fallback of "${other}"; give each task its own fallback task` });
    }
    usedBy.set(fb.id, t.id);
  }
  for (const id of usedBy.keys()) {
    const fb = taskById.get(id)!;
    const where = { file: model.source, taskId: id };
    if (fb.dependsOn.length > 0) {
      problems.push({ ...where, field: 'dependsOn', message: `a fallback task runs in place of "${usedBy.get(id)}" with its dependencies' results; expected no dependsOn, received [${fb.dependsOn.join(', ')}]` });
    }
    if (fb.fallback !== undefined) {
      problems.push({ ...where, field: 'fallback', message: 'a fallback task cannot have a fallback of its own' });
    }
    if (fb.map !== undefined) {
      problems.push({ ...where, field: 'map', message: 'a fallback task cannot be a map task' });
    }
    for (const t of model.tasks) {
      if (t.dependsOn.includes(id)) {
        problems.push({ file: model.source, taskId: t.id, field: 'dependsOn', message: `depends on "${id}", which is a fallback task and runs only when "${usedBy.get(id)}" fails; depend on "${usedBy.get(id)}" instead` });
      }
    }
  }
  if (problems.length > 0) throw new CompileError(problems);
  return new Set(usedBy.keys());
}
