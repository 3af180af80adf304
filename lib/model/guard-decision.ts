/**
 * The guard's decision: which dead letters a terminated execution is owed, read from its history
 * (the source of truth). Plain module (no CDK, no SDK): the deployed guard Lambda, the scheduled
 * reconciliation sweep and the local runner all make exactly this decision (README "Failures").
 *
 * Design (README "Why required failures stay uncaught"): a required task's error is not caught in
 * the definition, so the execution fails *at the task*. AWS documents that a redrive "continues the
 * failed execution from the unsuccessful step" and, for Parallel and inline Map states, "redrives
 * only the iterations and branches that failed or aborted" (Step Functions API reference,
 * RedriveExecution). Its letter is therefore built here, from the history, one per failed unit.
 */
import { DAGSTEP_ERRORS } from './contract';
import { CAUSE_MAX_CHARS, DeadLetter, DeadLetterFallback, SNAPSHOT_MAX_CHARS } from './dead-letter';
import { STATE_PREFIX } from './state-names';

/** One history event, normalised from Step Functions' GetExecutionHistory or the local engine. */
export interface GuardEvent {
  readonly type: string;
  /** The id of the event (AWS: `id`); used to attribute task events to their state entry. */
  readonly id?: number;
  readonly stateName?: string;
  /** For events inside a state (Task*, MapIteration*): the id of that state's StateEntered event. */
  readonly entry?: number;
  readonly error?: string;
  readonly cause?: string;
  /** Task events of a child-execution state: its output / cause (JSON, carries the child's ARN). */
  readonly output?: string;
  /**
   * StateEntered events: the state's input; TaskScheduled events: the task's parameters (the
   * Lambda payload `{input, results, context}`). JSON text on AWS with execution data, a value locally.
   */
  readonly input?: unknown;
  /** MapRunStarted events: the Map Run's ARN (AWS: mapRunStartedEventDetails.mapRunArn). */
  readonly mapRunArn?: string;
}

/** A terminated execution as the guard sees it. */
export interface GuardExecution {
  readonly executionArn: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  /** `redriveCount` of DescribeExecution: part of every letter's id. @default 0 */
  readonly redriveCount?: number;
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

/** A letter the guard owes, with the id its marker is claimed under (one send per id, ever). */
export interface OwedLetter {
  readonly id: string;
  readonly letter: DeadLetter;
}

/** Events that end one attempt of a task state in failure. */
const FAILURE_EVENTS = new Set([
  'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed',
  'LambdaFunctionFailed', 'LambdaFunctionTimedOut', 'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed',
  'ActivityFailed', 'ActivityTimedOut', 'ActivityScheduleFailed',
  // A Distributed Map's Map Run (its items are child executions with histories of their own).
  'MapRunFailed',
]);
const SUCCESS_EVENTS = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded']);

/**
 * The letters a terminated execution is owed, each with a deterministic id
 * `<executionArn>#<redriveCount>#<stateName>`:
 * - SUCCEEDED / RUNNING: none (optional tasks and tolerated map items sent theirs from ASL);
 * - FAILED with `dagstep.DeadLetterUndeliverable`: the letter ASL could not send (its cause);
 * - every task state entered since the last redrive whose last attempt failed and that neither
 *   exited nor was caught is one failed unit: one `kind: "task"` letter each (two branches that
 *   failed together give two letters; a branch the Parallel cancelled failed nothing and gets none);
 * - a required Distributed Map whose items failed past its tolerance: its Map Run failed
 *   (MapRunFailed in the parent's history; the items' events are in the children's own histories),
 *   one letter for the map task naming the Map Run (`mapRunArn`), which lists the failed items;
 * - a failed child-execution state: the child's letters (decided on the child), or, when the
 *   child never ran or cannot be read, one letter of the child state;
 * - nothing failed at a task (execution timeout, abort, a States.Runtime): one `kind:
 *   "execution"` letter naming the state that was running.
 */
export async function guardLetters(exec: GuardExecution, ctx: GuardContext): Promise<OwedLetter[]> {
  if (exec.status === 'SUCCEEDED' || exec.status === 'RUNNING') return [];
  const events = sinceLastRedrive(exec.events);
  const base = `${exec.executionArn}#${exec.redriveCount ?? 0}`;
  if (exec.status === 'FAILED' && exec.error === DAGSTEP_ERRORS.deadLetterUndeliverable) {
    const carried = parseLetter(exec.cause);
    if (carried) return [{ id: `${base}#undeliverable`, letter: { ...carried, kind: 'execution', optional: false, timestamp: ctx.timestamp } }];
  }
  const owed: OwedLetter[] = [];
  const units = failedUnits(events);
  for (const unit of units) {
    const child = unit.stateName.startsWith(STATE_PREFIX.child) ? await childOf(events, unit.stateName, ctx) : undefined;
    const childLetters = child ? await guardLetters(child, ctx) : [];
    if (childLetters.length > 0) owed.push(...childLetters);
    else owed.push({ id: `${base}#${unit.stateName}`, letter: taskLetter(exec, childError(unit), ctx) });
  }
  if (units.length > 0) return owed;
  // Nothing failed at a task: a child that failed again after its redrive stops the parent at the
  // child step's own states (`dagstep.child.<n>.redrive`); the child's units are the letters.
  const running = runningState(events);
  const child = running?.startsWith(STATE_PREFIX.child) && exec.status === 'FAILED' ? await childOf(events, running, ctx) : undefined;
  const childLetters = child ? await guardLetters(child, ctx) : [];
  if (childLetters.some((l) => l.letter.kind !== 'execution')) return childLetters;
  return [{ id: `${base}#execution`, letter: await executionLetter(exec, events, ctx) }];
}

/** A state entry whose last attempt failed and that was neither exited nor caught. */
export interface FailedUnit {
  readonly stateName: string;
  readonly error: string;
  readonly cause: string | null;
  /** The entry's StateEntered input, when the history carries it. */
  readonly input: unknown;
  /** The last attempt's task parameters, when the history carries them. */
  readonly params?: unknown;
  /** A Distributed Map's failed Map Run, which lists its failed items (child executions). */
  readonly mapRunArn?: string;
}

interface OpenEntry {
  readonly stateName: string;
  readonly input: unknown;
  /** The last attempt's parameters (TaskScheduled). */
  params?: unknown;
  /** The last Map Run of a Distributed Map (MapRunStarted). */
  mapRunArn?: string;
  failure?: { error: string; cause: string | null };
  closed: boolean;
}

/**
 * The failed units of a history, one per failed state, in the order the states were entered. A
 * state dagstep enters more than once is a Map's item state (`<task>.item`): its failed iterations
 * are one unit, the map task, which one redrive re-runs (only the failed iterations).
 */
export function failedUnits(events: readonly GuardEvent[]): FailedUnit[] {
  const entries: OpenEntry[] = [];
  const byId = new Map<number, OpenEntry>();
  const latestOpen = new Map<string, OpenEntry[]>();
  const entryOf = (e: GuardEvent): OpenEntry | undefined => {
    if (e.entry !== undefined) return byId.get(e.entry);
    const open = latestOpen.get(e.stateName ?? '');
    return open?.[open.length - 1];
  };
  for (const e of events) {
    if (e.stateName === undefined) continue;
    if (e.type.endsWith('StateEntered')) {
      const entry: OpenEntry = { stateName: e.stateName, input: e.input, closed: false };
      entries.push(entry);
      if (e.id !== undefined) byId.set(e.id, entry);
      const list = latestOpen.get(e.stateName) ?? [];
      list.push(entry);
      latestOpen.set(e.stateName, list);
    } else if (e.type.endsWith('StateExited')) {
      const entry = entryOf(e);
      if (!entry) continue;
      entry.closed = true;
      const list = latestOpen.get(entry.stateName) ?? [];
      list.splice(list.indexOf(entry), 1);
    } else if (FAILURE_EVENTS.has(e.type)) {
      const entry = entryOf(e);
      if (entry) entry.failure = { error: e.error ?? 'States.TaskFailed', cause: e.cause ?? null };
    } else if (SUCCESS_EVENTS.has(e.type) || e.type === 'TaskScheduled' || e.type === 'LambdaFunctionScheduled') {
      // A new attempt (a retry) or its success: the earlier attempt's failure is not the last word.
      const entry = entryOf(e);
      if (entry) entry.failure = undefined;
      if (entry && e.type !== 'TaskSucceeded' && e.input !== undefined) entry.params = e.input;
    } else if (e.type === 'MapRunStarted') {
      // A Distributed Map's (new) Map Run: a retry of the Map starts another one.
      const entry = entryOf(e);
      if (entry) Object.assign(entry, { failure: undefined, mapRunArn: e.mapRunArn });
    }
  }
  const units = new Map<string, FailedUnit>();
  for (const x of entries) {
    if (x.closed || x.failure === undefined || units.has(x.stateName)) continue;
    units.set(x.stateName, { stateName: x.stateName, error: x.failure.error, cause: x.failure.cause, input: x.input, params: x.params,
      ...(x.mapRunArn !== undefined ? { mapRunArn: x.mapRunArn } : {}) });
  }
  return [...units.values()];
}

/**
 * A `workflow:` task's call (`<task>.run`) that failed because its child failed: startExecution.sync
 * fails with States.TaskFailed and the child's DescribeExecution as Cause; the letter carries the
 * child's own Error and Cause (what really failed), still naming this task.
 */
function childError(unit: FailedUnit): FailedUnit {
  if (unit.error !== 'States.TaskFailed' || !/\.run$/.test(unit.stateName)) return unit;
  const described = asObject(parseJson(unit.cause ?? undefined));
  if (typeof described?.ExecutionArn !== 'string' || typeof described.Error !== 'string') return unit;
  return { ...unit, error: described.Error, cause: typeof described.Cause === 'string' ? described.Cause : null };
}

/** The `kind: "task"` letter of one failed unit, its snapshot taken from the state's input. */
function taskLetter(exec: GuardExecution, unit: FailedUnit, ctx: GuardContext): DeadLetter {
  const state = asObject(typeof unit.input === 'string' ? parseJson(unit.input) : unit.input);
  // A fallback runs with its primary's prepared letter in its input: the letter is the primary's.
  const prepared = asObject(state?.deadLetter) as Partial<DeadLetter> | undefined;
  // What the task worked on: its payload `{input, results}` (only its dependencies' results) when
  // the task's parameters carry one (Lambda: `Payload`), else the state's own input.
  const params = asObject(typeof unit.params === 'string' ? parseJson(unit.params) : unit.params);
  const payload = asObject(params?.Payload) ?? params;
  const source = payload && 'input' in payload ? payload : state;
  const snapshotInput = source && 'input' in source ? source.input : null;
  const results = asObject(source?.results) ?? null;
  const inputSmall = small(snapshotInput);
  const resultsSmall = small(results);
  const own = {
    workflow: ctx.workflow,
    executionId: exec.executionArn,
    rootExecutionId: ctx.rootExecutionId,
    kind: 'task' as const,
    taskId: taskOfState(unit.stateName),
    // A map's failed iterations are the map task's one unit: the letter names the Map state.
    stateName: unit.stateName.replace(/\.item$/, ''),
    error: unit.error,
    cause: boundedCause(unit.cause),
    optional: false,
    input: state === undefined ? null : { input: inputSmall ? snapshotInput ?? null : null, results: resultsSmall ? results : null },
    truncated: state === undefined || !(inputSmall && resultsSmall),
    timestamp: ctx.timestamp,
    // A Distributed Map that failed past its tolerance: one letter for the map task, naming the
    // Map Run that lists the failed items (a redrive re-runs only those, "Redriving Map Runs").
    ...(unit.mapRunArn !== undefined ? { mapRunArn: unit.mapRunArn } : {}),
  };
  if (prepared && typeof prepared.taskId === 'string' && typeof prepared.error === 'string') {
    const fallback: DeadLetterFallback = { taskId: unit.stateName, error: unit.error, cause: boundedCause(unit.cause) };
    return {
      ...own, taskId: prepared.taskId, stateName: prepared.stateName ?? prepared.taskId, error: prepared.error,
      cause: prepared.cause ?? null, input: prepared.input ?? own.input, truncated: prepared.truncated ?? own.truncated, fallback,
    };
  }
  return own;
}

/** The execution-level letter: nothing failed at a task (timeout, abort, a runtime error). */
async function executionLetter(exec: GuardExecution, events: readonly GuardEvent[], ctx: GuardContext): Promise<DeadLetter> {
  const running = runningState(events);
  let taskId = running !== undefined ? taskOfState(running) : null;
  if (running?.startsWith(STATE_PREFIX.child)) {
    const child = await childOf(events, running, ctx);
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
    cause: boundedCause(exec.cause ?? null),
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
  return stillOpen.find(isTask) ?? stillOpen.find((n) => n.startsWith(STATE_PREFIX.child) && !n.slice(STATE_PREFIX.child.length).includes('.'))
    ?? stillOpen.find((n) => !n.startsWith(STATE_PREFIX.parallel));
}

/** The task a state belongs to: task states are named their id; dagstep's own states say it in their name. */
export function taskOfState(stateName: string): string | null {
  if (stateName.startsWith(STATE_PREFIX.dagstep)) return null;
  const m = /^[^.]+\.(?:notify|resume|waiting|notified)\.(.+)$/.exec(stateName);
  if (m) return m[1];
  return stateName.split('.')[0];
}

/** The child execution a child-execution state (`dagstep.child.<n>` or one of its states) ran, when readable. */
async function childOf(events: readonly GuardEvent[], stateName: string, ctx: GuardContext): Promise<GuardExecution | undefined> {
  const step = /^dagstep\.child\.\d+/.exec(stateName)?.[0] ?? stateName;
  for (const e of [...events].reverse()) {
    if (e.stateName === undefined || !(e.stateName === step || e.stateName.startsWith(`${step}.`))) continue;
    for (const text of [e.cause, e.output]) {
      const arn = arnIn(text);
      if (arn) return ctx.loadExecution(arn);
    }
  }
  return undefined;
}

/**
 * The child execution ARN in a child step's output or cause (its DescribeExecution as JSON). A cause
 * past Step Functions' 32,768-character limit is cut and no longer parses ("Quotas": maximum
 * length of an error cause); the ARN comes first in it, so it is still read from the text.
 */
function arnIn(text: string | undefined): string | undefined {
  const v = asObject(parseJson(text));
  const arn = v?.ExecutionArn ?? v?.executionArn;
  if (typeof arn === 'string') return arn;
  return text === undefined ? undefined : /"(?:ExecutionArn|executionArn)"\s*:\s*"(arn:[^"]+)"/.exec(text)?.[1];
}

/** A letter carried as JSON text (the cause of an undeliverable Fail), or undefined. */
export function parseLetter(text: string | undefined): DeadLetter | undefined {
  const v = asObject(parseJson(text)) as DeadLetter | undefined;
  return v && typeof v.executionId === 'string' && typeof v.error === 'string' ? v : undefined;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}

function small(v: unknown): boolean {
  return v === undefined || v === null || JSON.stringify(v).length <= SNAPSHOT_MAX_CHARS;
}

function boundedCause(cause: string | null): string | null {
  return cause === null ? null : cause.slice(0, CAUSE_MAX_CHARS);
}
