import type { Dag } from '../graph/dag';
import { planMakespan } from '../graph/layout';
import type { WorkflowPlan } from './plan-workflow';
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

/**
 * TimeoutSeconds of a cross-branch wait: no awaited task can finish later than the workflow's
 * worst case, so a wait that lasts longer is a coordination failure (it is dead-lettered).
 */
export function crossWaitTimeoutSeconds(wp: WorkflowPlan): number {
  return Math.max(60, Math.ceil(workflowWorstCaseSeconds(wp)));
}

/**
 * How long an idempotency record answers retries: the execution's timeout (its worst case) plus
 * the time a failed execution stays redrivable (14 days), at least one day; a retry or a redrive
 * of the same work always finds the record of the attempt that completed it.
 */
export function idempotencyExpirySeconds(executionTimeoutSeconds: number): number {
  return Math.max(24 * 60 * 60, executionTimeoutSeconds + REDRIVE_WINDOW_SECONDS);
}

/** Step Functions redrives a failed Standard execution up to 14 days after it stopped. */
export const REDRIVE_WINDOW_SECONDS = 14 * 24 * 60 * 60;
