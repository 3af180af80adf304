import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { STATE_PREFIX } from '../../../model/state-names';
import { executionHistory } from '../aws/history';
import { readRecording, Recording, RecordedOutcome } from './recording';

/** A recorded execution: its history, and the recorded child executions its child-execution states started. */
export interface RecordedExecution {
  readonly executionArn: string;
  readonly events: readonly HistoryEvent[];
  /** By child-execution state (`dagstep.child.<n>`): the child that state started, when its history was read. */
  readonly children: ReadonlyMap<string, RecordedExecution>;
}

/** A partitioned workflow nests child machines a few levels at most; this bounds a malformed history's recursion. */
const MAX_DEPTH = 20;

/** The child-execution step a state belongs to: `dagstep.child.<n>` for it and its resume states (`dagstep.child.<n>.redrive`...). */
export function childStepOf(stateName: string): string | undefined {
  return new RegExp(`^${STATE_PREFIX.child.replace(/\./g, '\\.')}\\d+`).exec(stateName)?.[0];
}

/**
 * The child executions a history's child-execution states started, by step. A partitioned
 * workflow's step is a `states:startExecution.sync:2` Task state: its TaskSubmitted output is the
 * StartExecution response, its TaskSucceeded output the child's DescribeExecution, and a child that
 * ended FAILED / TIMED_OUT / ABORTED fails the state with that description as the cause; each
 * carries `ExecutionArn` ("Start a new AWS Step Functions state machine from a running execution",
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html, and "Run a Job
 * (.sync)" in https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html). A
 * resume (a redrive of the parent) describes the same child by name, so a step names one child.
 */
export function childArns(events: readonly HistoryEvent[]): Map<string, string> {
  const stateOf = new Map<number, string>();
  const out = new Map<string, string>();
  for (const e of events) {
    const state = e.stateEnteredEventDetails?.name ?? stateOf.get(e.previousEventId ?? -1);
    if (state === undefined) continue;
    stateOf.set(e.id ?? 0, state);
    const step = childStepOf(state);
    if (step === undefined || out.has(step)) continue;
    for (const d of [e.taskSubmittedEventDetails?.output, e.taskSucceededEventDetails?.output, e.taskFailedEventDetails?.cause]) {
      const arn = executionArnIn(d);
      if (arn) {
        out.set(step, arn);
        break;
      }
    }
  }
  return out;
}

function executionArnIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as { ExecutionArn?: unknown; executionArn?: unknown } | null;
    const arn = v?.ExecutionArn ?? v?.executionArn;
    return typeof arn === 'string' ? arn : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an execution's history and, recursively, the histories of the child executions its
 * child-execution states started (the children of a partitioned workflow; a child machine may
 * itself start children).
 */
export async function readExecutionTree(sfn: SFNClient, executionArn: string, depth = 0): Promise<RecordedExecution> {
  const events = await executionHistory(sfn, executionArn);
  const children = new Map<string, RecordedExecution>();
  if (depth < MAX_DEPTH) {
    for (const [step, arn] of childArns(events)) children.set(step, await readExecutionTree(sfn, arn, depth + 1));
  }
  return { executionArn, events, children };
}

/**
 * The outcomes a local run of the whole tree answers Task states with. A child-execution step
 * whose child was read is not answered (it and its resume states): the local engine starts the
 * child machine itself, whose Task states the child's own recording answers. A step whose child is
 * unknown (its start failed) keeps the parent's recorded outcome. Recordings merge by state name:
 * task states are named their task id and child steps are numbered across the whole workflow, so
 * no two machines of a workflow share a Task state name (lib/model/state-names.ts).
 */
export function treeRecording(tree: RecordedExecution): Recording {
  const out = new Map<string, RecordedOutcome[]>();
  const add = (r: RecordedExecution) => {
    for (const [state, list] of readRecording(r.events)) {
      const step = childStepOf(state);
      if (step !== undefined && r.children.has(step)) continue;
      out.set(state, [...(out.get(state) ?? []), ...list]);
    }
    for (const child of r.children.values()) add(child);
  };
  add(tree);
  return out;
}

/** Every execution of the tree, the root first. */
export function executionsOf(tree: RecordedExecution): RecordedExecution[] {
  return [tree, ...[...tree.children.values()].flatMap(executionsOf)];
}
