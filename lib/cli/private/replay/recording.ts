import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { CallResult, TaskCall } from '../../../local/engine';
import { StatesError } from '../../../local/errors';
import type { WorkflowModel } from '../../../model/types';

/** One recorded outcome of a Task state: its result or its error, and how long it took. */
export interface RecordedOutcome {
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly durationSeconds: number;
}

/** The recorded outcomes of an execution, per state name, in the order they happened. */
export type Recording = ReadonlyMap<string, readonly RecordedOutcome[]>;

const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);
const SUCCEEDED = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded']);
const FAILED = new Set(['TaskFailed', 'TaskTimedOut', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut', 'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed', 'TaskStartFailed', 'TaskSubmitFailed']);

/**
 * Reads a GetExecutionHistory answer (the shape the SDK returns: `stateEnteredEventDetails.name`,
 * `taskSucceededEventDetails.output`, `lambdaFunctionFailedEventDetails.error`, …) into each Task
 * state's outcomes. An event belongs to the state its `previousEventId` chain leads to, as
 * `dagstep history` names them; the duration is from the attempt's Scheduled event to its end
 * ("GetExecutionHistory", https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html,
 * and "HistoryEvent" of the same reference).
 */
export function readRecording(events: readonly HistoryEvent[]): Recording {
  const stateOf = new Map<number, string>();
  const scheduledAt = new Map<string, number>();
  const out = new Map<string, RecordedOutcome[]>();
  for (const e of events) {
    const type = String(e.type ?? '');
    const entered = e.stateEnteredEventDetails?.name;
    const state = entered ?? stateOf.get(e.previousEventId ?? -1);
    if (state === undefined) continue;
    stateOf.set(e.id ?? 0, state);
    const at = e.timestamp instanceof Date ? e.timestamp.getTime() : Date.parse(String(e.timestamp ?? 0));
    if (SCHEDULED.has(type)) scheduledAt.set(state, at);
    const durationSeconds = Math.max(0, (at - (scheduledAt.get(state) ?? at)) / 1000);
    const list = out.get(state) ?? [];
    if (SUCCEEDED.has(type)) {
      const d = e.taskSucceededEventDetails ?? e.lambdaFunctionSucceededEventDetails;
      list.push({ output: d?.output === undefined ? null : JSON.parse(d.output), durationSeconds });
    } else if (FAILED.has(type)) {
      const d = Object.values(e).find((v): v is { error?: string; cause?: string } => Boolean(v) && typeof v === 'object' && ('error' in v || 'cause' in v));
      list.push({ error: d?.error ?? (type.endsWith('TimedOut') ? 'States.Timeout' : 'States.TaskFailed'), cause: d?.cause, durationSeconds });
    } else {
      continue;
    }
    out.set(state, list);
  }
  return out;
}

/** `from` and every task that depends on it, directly or not: what `--from` runs with the current code. */
export function tasksFrom(model: WorkflowModel, from: string): Set<string> {
  const rerun = new Set([from]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of model.tasks) {
      if (!rerun.has(t.id) && t.dependsOn.some((d) => rerun.has(d))) { rerun.add(t.id); grew = true; }
    }
  }
  return rerun;
}

/**
 * The engine's mockTask answering each Task state with its next recorded outcome (a result, or its
 * error and cause thrown as they were recorded), on the recorded duration. States of `rerun` tasks
 * (by state name: the task id, or `<id>.item` / `<id>.run`) and states the recording has no outcome left for are
 * not answered: they run their real handler or built-in integration.
 */
export function recordedMocks(recording: Recording, rerun: ReadonlySet<string> = new Set()): (call: TaskCall) => Promise<CallResult | undefined> {
  const next = new Map([...recording].map(([state, list]) => [state, [...list]]));
  return (call) => {
    const o = rerun.has(call.stateName.replace(/\.(item|run)$/, '')) ? undefined : next.get(call.stateName)?.shift();
    if (!o) return Promise.resolve(undefined);
    // As recorded: the error and its cause (a Lambda's cause is its JSON error body already).
    if (o.error !== undefined) return Promise.reject(new StatesError(o.error, o.cause, o.durationSeconds));
    return Promise.resolve({ output: o.output, durationSeconds: o.durationSeconds });
  };
}
