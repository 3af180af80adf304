import * as fs from 'fs';
import * as path from 'path';
import type { WorkflowModel } from '../../model/types';
import type { ExecutionResult } from '../../local/engine';
import { groupBy } from '../../graph/group-by';
import { renderReport } from '../../local/report/html';
import type { ReportAttempt, ReportInput } from '../../local/report/model';
import { RunSummary, taskOfAttempt } from '../../testing/local-workflow';

/** The timeline row of internal steps that belong to no task. */
export const WORKFLOW_ROW = '(workflow)';

/** Step Functions' timeout error: an attempt or task that ended with it is drawn TIMED_OUT. */
const TIMEOUT = 'States.Timeout';

/** Builds the report input of one local run. */
export function reportInput(model: WorkflowModel, summary: RunSummary, result: ExecutionResult): ReportInput {
  const t0 = toSeconds(result.startTime);
  const startedAt = result.history.length > 0 ? Date.parse(result.history[0].timestamp) : 0;
  const attempts = foldInternalStates(model, result.attempts.map((a) => ({
    taskId: taskOfAttempt(a),
    attempt: a.attempt,
    itemIndex: a.itemIndex,
    startSeconds: toSeconds(a.start) - t0,
    endSeconds: toSeconds(a.end) - t0,
    status: a.status === 'FAILED' && a.error === TIMEOUT ? 'TIMED_OUT' : a.status,
    error: a.error,
    logs: a.logs,
  })));
  const calls = groupBy(attempts.filter((a) => !a.internalState), (a) => a.taskId);
  const outcomes = Object.fromEntries(Object.entries(summary.tasks).map(([id, t]) => {
    const mine = calls.get(id) ?? [];
    const last = mine[mine.length - 1];
    return [id, t.status === 'FAILED' && last?.status === 'TIMED_OUT' ? 'TIMED_OUT' : t.status];
  }));
  return {
    workflow: model.name,
    executionId: summary.executionId,
    status: summary.status,
    error: summary.error,
    cause: summary.cause,
    makespanSeconds: summary.makespanSeconds,
    transitions: summary.transitions,
    startedAt,
    tasks: model.tasks.map((t) => ({ id: t.id, dependsOn: t.dependsOn, ...(t.fallback ? { fallback: t.fallback } : {}) })),
    outcomes,
    attempts,
    deadLetters: summary.deadLetters,
    history: result.history.map((e) => ({
      id: e.id,
      seconds: (Date.parse(e.timestamp) - startedAt) / 1000,
      type: e.type,
      state: e.stateName,
      detail: e.error ? `${e.error}${e.cause ? `: ${e.cause}` : ''}` : undefined,
    })),
  };
}

/**
 * Task states of the compiled definition that are not tasks (`<task>.deadLetter`, `<task>.await.x`,
 * the shared `dagstep.deadLetter.<n>`) belong to a task's row: `<task>.<step>` to that task, a
 * shared `dagstep.*` step to the task whose failure it handles (the last one to fail before it);
 * steps of the workflow itself (the concurrency gate) to one `(workflow)` row.
 */
function foldInternalStates(model: WorkflowModel, attempts: ReportAttempt[]): ReportAttempt[] {
  const ids = new Set(model.tasks.map((t) => t.id));
  // Candidates for a shared step (dagstep.deadLetter.<n>): task attempts that did not succeed, by start.
  const unsuccessful = attempts.filter((b) => ids.has(b.taskId) && b.status !== 'SUCCEEDED').sort((a, b) => a.startSeconds - b.startSeconds);
  return attempts.map((a) => {
    if (ids.has(a.taskId)) return a;
    const dot = a.taskId.indexOf('.');
    const owner = dot > 0 && ids.has(a.taskId.slice(0, dot)) ? a.taskId.slice(0, dot)
      : unsuccessful.filter((b) => b.endSeconds <= a.startSeconds + 1e-9).pop()?.taskId;
    return { ...a, taskId: owner ?? WORKFLOW_ROW, internalState: a.taskId };
  });
}

/** Writes the HTML report of a run. */
export function writeReport(file: string, model: WorkflowModel, summary: RunSummary, result: ExecutionResult): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, renderReport(reportInput(model, summary, result)));
}

function toSeconds(t: unknown): number {
  if (typeof t === 'number') return t > 1e11 ? t / 1000 : t;
  if (t instanceof Date) return t.getTime() / 1000;
  if (typeof t === 'string') return Date.parse(t) / 1000;
  return 0;
}
