/**
 * The dead letter: one SQS message body per failed unit of work (see README "Failures"), and the
 * guard's decision for what ASL cannot catch. Plain module (no CDK, no SDK): the compiler, the
 * guard Lambda, the local runner and `dagstep dlq` all read it.
 */
import { DAGSTEP_ERRORS } from './contract';

/** The bounded snapshot of what a failed task worked on. */
export interface DeadLetterSnapshot {
  readonly input: unknown;
  readonly results: unknown;
}

/** What a fallback contributed: the fallback task and, when it failed too, its error. */
export interface DeadLetterFallback {
  readonly taskId: string;
  readonly error: string;
  readonly cause: string | null;
}

/** One dead letter (the SQS message body, as JSON). */
export interface DeadLetter {
  readonly workflow: string;
  /** ARN of the execution where the failure happened (child or root). */
  readonly executionId: string;
  /** ARN of the root execution (= executionId when not partitioned). */
  readonly rootExecutionId: string;
  /** task: sent by the workflow itself; execution: sent by the guard; map-items: tolerated item failures. */
  readonly kind: 'task' | 'execution' | 'map-items';
  /** null only when an execution-level letter cannot name a task. */
  readonly taskId: string | null;
  readonly stateName: string | null;
  readonly error: string;
  readonly cause: string | null;
  /** true: an optional task; the execution went on. */
  readonly optional: boolean;
  readonly input: DeadLetterSnapshot | null;
  /** true: (part of) the input was cut; the full data is in GetExecutionHistory(executionId), state stateName. */
  readonly truncated: boolean;
  readonly fallback?: DeadLetterFallback;
  /** map-items: indexes of the failed items of a Distributed Map that tolerates failures. */
  readonly failedItems?: readonly number[];
  readonly timestamp: string;
}

/**
 * Most characters of one snapshot part (`input`, `results`) and of a cause a letter carries. Parts
 * over the limit are replaced by null and the letter says `truncated: true`. A letter stays under
 * ~16 KB, so it can neither push the state over 256 KB nor a Fail cause over its limit.
 */
export const SNAPSHOT_MAX_CHARS = 4096;
export const CAUSE_MAX_CHARS = 4096;

/** Prefixes of the state names the guard reads in a history. */
export const GUARD_STATE_PREFIX = {
  /** The Fail after a successful shared dead-letter send: the execution's failure is lettered. */
  lettered: 'dagstep.fail.',
  /** The Fail re-raising a child execution's failure: the child accounts for it. */
  childFailed: 'dagstep.childFailed.',
  /** A child-execution state. */
  child: 'dagstep.child.',
} as const;

/** One history event, normalised from Step Functions' GetExecutionHistory or the local engine. */
export interface GuardEvent {
  readonly type: string;
  readonly stateName?: string;
  readonly error?: string;
  readonly cause?: string;
  /** Task events of a child-execution state: its output / cause (JSON, carries the child's ARN). */
  readonly output?: string;
}

/** A terminated execution as the guard sees it. */
export interface GuardExecution {
  readonly executionArn: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  /** The whole history; only what happened since the last redrive counts. */
  readonly events: readonly GuardEvent[];
}

/** What the guard needs around one decision. */
export interface GuardContext {
  readonly workflow: string;
  readonly rootExecutionId: string;
  readonly timestamp: string;
  /** A child execution of the workflow, or undefined when it cannot be read. */
  readonly loadExecution: (executionArn: string) => Promise<GuardExecution | undefined>;
}

/**
 * The letter the guard must send for a terminated execution, or undefined when none is due:
 * - SUCCEEDED / still RUNNING: none;
 * - FAILED at a `dagstep.fail.<n>` Fail: the workflow sent the letter itself (that Fail is reached
 *   only after the send succeeded), none;
 * - FAILED with `dagstep.DeadLetterUndeliverable`: the letter the workflow could not send (its
 *   cause), as `kind: "execution"`;
 * - FAILED at `dagstep.childFailed.<n>`: the child execution accounts for it; decided on the child;
 * - anything else (execution timeout, abort, an uncaught error): an execution letter naming the
 *   state that was running and its task.
 * The workflow's own letters and the guard's are exclusive by construction: a history either ends
 * at a `dagstep.fail.<n>` (letter sent) or it does not (no letter sent for the failure).
 */
export async function guardLetter(exec: GuardExecution, ctx: GuardContext): Promise<DeadLetter | undefined> {
  if (exec.status === 'SUCCEEDED' || exec.status === 'RUNNING') return undefined;
  const events = sinceLastRedrive(exec.events);
  const lastFail = [...events].reverse().find((e) => e.type === 'FailStateEntered' && e.stateName !== undefined);
  if (exec.status === 'FAILED') {
    if (lastFail?.stateName?.startsWith(GUARD_STATE_PREFIX.lettered)) return undefined;
    if (exec.error === DAGSTEP_ERRORS.deadLetterUndeliverable) {
      const carried = parseLetter(exec.cause);
      if (carried) return { ...carried, kind: 'execution', optional: false, timestamp: ctx.timestamp };
    }
    if (lastFail?.stateName?.startsWith(GUARD_STATE_PREFIX.childFailed)) {
      const n = lastFail.stateName.slice(GUARD_STATE_PREFIX.childFailed.length);
      const childArn = childExecutionArn(events, `${GUARD_STATE_PREFIX.child}${n}`);
      const child = childArn !== undefined ? await ctx.loadExecution(childArn) : undefined;
      if (child) return guardLetter(child, ctx);
    }
  }
  const running = runningState(events);
  let taskId = running !== undefined ? taskOfState(running) : null;
  if (running?.startsWith(GUARD_STATE_PREFIX.child)) {
    const childArn = childExecutionArn(events, running);
    const child = childArn !== undefined ? await ctx.loadExecution(childArn) : undefined;
    const inner = child ? runningState(sinceLastRedrive(child.events)) : undefined;
    if (inner !== undefined) taskId = taskOfState(inner);
  }
  return {
    workflow: ctx.workflow,
    executionId: exec.executionArn,
    rootExecutionId: ctx.rootExecutionId,
    kind: 'execution',
    taskId,
    stateName: running ?? null,
    error: exec.error ?? (exec.status === 'TIMED_OUT' ? 'States.Timeout' : exec.status === 'ABORTED' ? DAGSTEP_ERRORS.executionAborted : 'States.Runtime'),
    cause: exec.cause ?? null,
    optional: false,
    input: null,
    truncated: true,
    timestamp: ctx.timestamp,
  };
}

/** Events after the last `ExecutionRedriven` (a redriven execution that fails again is a new failure). */
export function sinceLastRedrive(events: readonly GuardEvent[]): readonly GuardEvent[] {
  let from = 0;
  events.forEach((e, i) => { if (e.type === 'ExecutionRedriven') from = i + 1; });
  return events.slice(from);
}

/**
 * The state that was running when the execution stopped: of the states entered and not exited,
 * the last task state (a task or a Map item), else the last child-execution state, else the last
 * other one (a coordination wait, a dead-letter send).
 */
export function runningState(events: readonly GuardEvent[]): string | undefined {
  const open = new Map<string, number>();
  const order: string[] = [];
  for (const e of events) {
    if (e.stateName === undefined) continue;
    if (e.type.endsWith('StateEntered')) {
      open.set(e.stateName, (open.get(e.stateName) ?? 0) + 1);
      order.push(e.stateName);
    } else if (e.type.endsWith('StateExited')) {
      open.set(e.stateName, (open.get(e.stateName) ?? 1) - 1);
    }
  }
  const stillOpen = [...new Set(order.filter((n) => (open.get(n) ?? 0) > 0))].reverse();
  const isTask = (n: string) => !n.includes('.') || /^[^.]+\.item$/.test(n);
  return stillOpen.find(isTask) ?? stillOpen.find((n) => n.startsWith(GUARD_STATE_PREFIX.child) && !n.slice(GUARD_STATE_PREFIX.child.length).includes('.'))
    ?? stillOpen.find((n) => !n.startsWith('dagstep.parallel.'));
}

/** The task a state belongs to: task states are named their id; dagstep's own states say it in their name. */
export function taskOfState(stateName: string): string | null {
  if (stateName.startsWith('dagstep.')) return null;
  const m = /^[^.]+\.(?:notify|resume|waiting|notified)\.(.+)$/.exec(stateName);
  if (m) return m[1];
  return stateName.split('.')[0];
}

/** ARN of the child execution a child-execution state started (from its task events). */
function childExecutionArn(events: readonly GuardEvent[], stateName: string): string | undefined {
  for (const e of [...events].reverse()) {
    if (e.stateName !== stateName) continue;
    for (const text of [e.cause, e.output]) {
      const arn = arnIn(text);
      if (arn) return arn;
    }
  }
  return undefined;
}

function arnIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const arn = v.ExecutionArn ?? v.executionArn;
    return typeof arn === 'string' ? arn : undefined;
  } catch {
    return undefined;
  }
}

/** A letter carried as JSON text (the cause of an undeliverable Fail), or undefined. */
export function parseLetter(text: string | undefined): DeadLetter | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as DeadLetter;
    return v && typeof v === 'object' && typeof v.executionId === 'string' && typeof v.error === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
