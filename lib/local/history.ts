import { StatesError } from './errors';

/** One execution history event, shaped like Step Functions' (timestamps in simulated time). */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly stateName?: string;
  readonly error?: string;
  readonly cause?: string;
  /** Events inside a state (Task*, StateExited): the id of that state's StateEntered event (AWS links it through previousEventId). */
  readonly entry?: number;
  /** StateEntered events: the state's input (AWS: stateEnteredEventDetails.input). */
  readonly input?: unknown;
  /** MapRunStarted: the Map Run's ARN (AWS: mapRunStartedEventDetails.mapRunArn). */
  readonly mapRunArn?: string;
}

/** What an event may carry besides its type, state, error and cause. */
export interface EventDetails {
  readonly entry?: number;
  readonly input?: unknown;
  /** MapRunStarted: the Map Run's ARN (AWS: mapRunStartedEventDetails.mapRunArn). */
  readonly mapRunArn?: string;
}

/**
 * Step Functions' hard quota of a Standard execution's history ("Avoid reaching the history quota",
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-history-limit.html, and "Maximum execution
 * history size" in https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html): once an
 * execution has 24,999 events, event 25,000 is ExecutionSucceeded if that is what comes next, else
 * the execution fails with an ExecutionFailed event 25,000, error States.Runtime, cause "The
 * execution reached the maximum number of history events (25000)." as AWS records it.
 */
export const HISTORY_QUOTA = 25_000;
/** Thrown into the run when the quota is reached (one instance: the engine recognises it). */
export const HISTORY_QUOTA_REACHED = new StatesError('States.Runtime', `The execution reached the maximum number of history events (${HISTORY_QUOTA}).`);

/** The events an execution's terminal event may be (written even at the quota). */
const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/** Most events a Distributed Map child of a run without a quota may write (a loop guard, as the engine's). */
const CHILD_EVENTS_MAX = 2_000_000;

/** What state handlers write events to: the execution's history, or a Distributed Map child's. */
export interface EventLog {
  /** Adds an event and returns its id; throws HISTORY_QUOTA_REACHED when the quota is reached. */
  add(type: string, stateName?: string, error?: string, cause?: string, more?: EventDetails): number;
}

/**
 * Collects history events, or only counts them (`keep: false`) for big runs, and enforces the
 * history quota (`quota`: events an execution may have; undefined: none, as for Express workflows,
 * whose history Step Functions does not keep).
 */
export class History implements EventLog {
  readonly events: HistoryEvent[] = [];
  private count = 0;
  private own = 0;
  private reached = false;

  /** `previous`: a redriven run's history, which this one continues (ids go on from its last event). */
  constructor(private readonly keep: boolean, private readonly timestamp: () => string,
    previous?: { readonly history: readonly HistoryEvent[]; readonly historyEvents: number }, private readonly quota?: number) {
    if (previous) {
      this.count = this.own = previous.historyEvents;
      if (keep) this.events.push(...previous.history);
    }
  }

  add(type: string, stateName?: string, error?: string, cause?: string, more?: EventDetails): number {
    if (this.quota !== undefined && !TERMINAL.has(type) && (this.reached || this.own + 1 >= this.quota)) {
      this.reached = true;
      throw HISTORY_QUOTA_REACHED;
    }
    this.own++;
    return this.record(type, stateName, error, cause, more);
  }

  /**
   * The history of a Distributed Map's child execution: its events count against a quota of their
   * own, as each child workflow execution has its own history on AWS ("Each child workflow
   * execution has its own, separate execution history from that of the parent workflow", "Map
   * state processing modes"): they are neither kept nor counted here, so this history holds the
   * Map Run's events only, as the parent's does on AWS.
   */
  child(): EventLog {
    let own = 0;
    let reached = false;
    return {
      add: () => {
        if (this.quota !== undefined && (reached || own + 1 >= this.quota)) {
          reached = true;
          // The child execution fails (not the parent): an error of its own, which fails its iteration.
          throw new StatesError('States.Runtime', HISTORY_QUOTA_REACHED.cause);
        }
        // Without a quota (EXPRESS runs) a child in a loop without end still stops.
        if (own >= CHILD_EVENTS_MAX) throw new StatesError('States.Runtime', `the local engine stopped a child execution after ${own} history events (a loop without end?)`);
        own++;
        return own;
      },
    };
  }

  /** True once the quota ended the run. */
  get quotaReached(): boolean {
    return this.reached;
  }

  /** Events written (kept or not); a Distributed Map's children's are not (they have histories of their own). */
  get size(): number {
    return this.count;
  }

  private record(type: string, stateName?: string, error?: string, cause?: string, more?: EventDetails): number {
    this.count++;
    if (!this.keep) return this.count;
    const e: { -readonly [K in keyof HistoryEvent]: HistoryEvent[K] } = { id: this.count, previousEventId: this.count - 1, timestamp: this.timestamp(), type };
    if (stateName !== undefined) e.stateName = stateName;
    if (error !== undefined) e.error = error;
    if (cause !== undefined) e.cause = cause;
    if (more?.entry !== undefined) e.entry = more.entry;
    if (more?.input !== undefined) e.input = more.input;
    if (more?.mapRunArn !== undefined) e.mapRunArn = more.mapRunArn;
    this.events.push(e);
    return this.count;
  }
}
