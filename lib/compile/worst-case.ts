import type { Dag } from '../graph/dag';
import { planMakespan } from '../graph/layout';
import type { WorkflowPlan } from './compile';
import { worstCaseSeconds } from './retry';
import { taskTimeoutSeconds } from './timeouts';

/** Worst-case seconds of one task, including all its retries and, if it has one, its fallback. */
export function taskWorstCaseSeconds(wp: WorkflowPlan, taskId: string): number {
  const task = wp.taskById.get(taskId)!;
  let worst = worstCaseSeconds(taskTimeoutSeconds(task), task.retry);
  if (task.fallback !== undefined) {
    const fb = wp.taskById.get(task.fallback)!;
    worst += worstCaseSeconds(taskTimeoutSeconds(fb), fb.retry);
  }
  return worst;
}

/**
 * The worst case of the laid-out workflow: the plan's makespan when every task takes its worst case
 * (every attempt times out, every retry waits its longest delay). A map task counts one wave of
 * items; workflows with large maps should set `timeoutSeconds` themselves.
 */
export function workflowWorstCaseSeconds(wp: WorkflowPlan): number {
  const dag: Dag = {
    source: wp.model.source,
    tasks: wp.model.tasks
      .filter((t) => !wp.fallbackOnly.has(t.id))
      .map((t) => ({ id: t.id, dependsOn: t.dependsOn, durationSeconds: taskWorstCaseSeconds(wp, t.id) })),
  };
  return planMakespan(wp.plan, dag);
}

/** The default state machine timeout: the worst case plus 10 %, in whole seconds, at least 60 s. */
export function defaultStateMachineTimeoutSeconds(wp: WorkflowPlan): number {
  return Math.max(60, Math.ceil(workflowWorstCaseSeconds(wp) * 1.1));
}
