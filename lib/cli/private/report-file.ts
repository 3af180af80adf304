import * as fs from 'fs';
import * as path from 'path';
import type { WorkflowModel } from '../../model/types';
import type { ExecutionResult } from '../../local/engine';
import { renderReport } from '../../local/report/html';
import type { ReportInput } from '../../local/report/model';
import { RunSummary, taskOfAttempt } from '../../testing/local-workflow';

/** Builds the report input of one local run. */
export function reportInput(model: WorkflowModel, summary: RunSummary, result: ExecutionResult): ReportInput {
  const t0 = toSeconds(result.startTime);
  return {
    workflow: model.name,
    executionId: summary.executionId,
    status: summary.status,
    error: summary.error,
    cause: summary.cause,
    makespanSeconds: summary.makespanSeconds,
    transitions: summary.transitions,
    tasks: model.tasks.map((t) => ({ id: t.id, dependsOn: t.dependsOn })),
    outcomes: Object.fromEntries(Object.entries(summary.tasks).map(([id, t]) => [id, t.status])),
    attempts: result.attempts.map((a) => ({
      taskId: taskOfAttempt(a),
      attempt: a.attempt,
      itemIndex: a.itemIndex,
      startSeconds: toSeconds(a.start) - t0,
      endSeconds: toSeconds(a.end) - t0,
      status: a.status,
      error: a.error,
      logs: a.logs,
    })),
    deadLetters: summary.deadLetters,
    history: result.history.map((e) => ({
      id: e.id,
      seconds: toSeconds(e.timestamp) - t0,
      type: e.type,
      state: e.stateName,
      detail: e.error ? `${e.error}${e.cause ? `: ${e.cause}` : ''}` : undefined,
    })),
  };
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
