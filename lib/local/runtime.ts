import type { QueryLanguage } from '../model/asl';
import type { Scheduler } from './clock';
import type { EventLog, History } from './history';
import type { InMemoryS3 } from './s3-memory';
import type { CallResult, TaskCall } from './integrations';
import type { Journal } from './redrive';
import type { Signal } from './signal';
import type { Json, Machine, State } from './types';

/** One task attempt, on the simulated time axis (seconds since the execution started). */
export interface TaskAttempt {
  readonly stateName: string;
  readonly attempt: number;
  readonly itemIndex?: number;
  readonly start: number;
  readonly end: number;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly logs?: string[];
}

/** Where a state runs: the enclosing Map iteration, stop signal, variable scope and default query language. */
export interface Frame {
  /** Context-object additions of the enclosing Map iteration (`Map.Item`). */
  readonly extra: Readonly<Record<string, unknown>>;
  readonly signal: Signal;
  /** Variables: own scope, enclosing scopes through the prototype chain. */
  readonly vars: Record<string, unknown>;
  /** The state machine's query language (nested branches and processors fall back to it). */
  readonly ql: QueryLanguage;
  /** Parallel / Map states enclosing this frame. @default 0 */
  readonly depth?: number;
  /** Where the states of this frame write history events. @default the execution's history */
  readonly events?: EventLog;
  /** Where this (sub-)machine run stands, for a later redrive (see redrive.ts). @default not recorded */
  readonly journal?: Journal;
}

/** An outcome delivered to a `.waitForTaskToken` task. */
export interface TokenOutcome { readonly output?: Json; readonly error?: string; readonly cause?: string }

/** What state handlers use of the running execution. */
export interface Runtime {
  readonly clock: Scheduler;
  readonly history: History;
  readonly random: () => number;
  /** The in-memory S3 a Distributed Map reads items from and writes results to. */
  readonly s3: InMemoryS3;
  /** Execution and StateMachine parts of the context object. */
  readonly contextBase: Readonly<Record<string, unknown>>;
  aborted(): boolean;
  /** Throws States.Runtime once the run has written too many history events (a loop without end). */
  guard(): void;
  countTransition(): void;
  /** Runs a (sub-)machine from its StartAt, or from where `resume` (a previous run's journal) stopped. */
  runMachine(machine: Machine, input: Json, frame: Frame, resume?: Journal): Promise<Json>;
  /** A mock (RunOptions.mockTask) or the built-in integration for a Task call. */
  call(call: TaskCall): Promise<CallResult>;
  /** A new task token the returned promise resolves for. */
  waitForToken(stateName: string): { token: string; outcome: Promise<TokenOutcome> };
  dropToken(token: string): void;
  recordAttempt(attempt: TaskAttempt): void;
}

/** One entry of a state. */
export interface StateEnv {
  readonly rt: Runtime;
  readonly name: string;
  readonly state: State;
  readonly ql: QueryLanguage;
  /** The raw state input. */
  readonly input: Json;
  readonly frame: Frame;
  /** Simulated time and history event id of the StateEntered event. */
  readonly entered: number;
  readonly eventId: number;
  /** A redrive resumes at this state: the previous run's journal of it (its branches or iterations). */
  readonly redrive?: Journal;
}

/** A state's output and the state to go to (none: the machine ends). */
export interface StepResult {
  readonly output: Json;
  readonly next?: string;
}
