import type { QueryLanguage } from '../model/asl';
import { seededRandom, Scheduler } from './clock';
import { dataLimitExceeded, exceedsPayloadLimit, StatesError, UnsupportedError } from './errors';
import { History, HistoryEvent } from './history';
import { callResource, CallResult, CapturedMessage, LambdaInvoker, Services, TaskCall } from './integrations';
import { StateIo } from './io';
import { InMemoryS3 } from './s3-memory';
import type { Frame, Runtime, TaskAttempt, TokenOutcome } from './runtime';
import { HANDLERS } from './states/index';
import { EPOCH, EXECUTION_ABORTED, EXECUTION_TIMEOUT, Json, Machine, ROOT, State, stopped } from './states';
import { queryLanguageOf, validateState } from './validate';

export type { CallResult, LambdaInvoker, TaskCall } from './integrations';
export type { HistoryEvent } from './history';
export type { TaskAttempt } from './runtime';

/**
 * A run that writes this many history events is stopped (a loop without end never hangs the
 * engine or fills memory): fewer when every event is kept. Step Functions itself allows 25,000
 * events; the local engine allows more so big Map and DAG simulations still run.
 */
export const MAX_HISTORY_EVENTS = { kept: 500_000, counted: 2_000_000 } as const;
const loopGuard = (n: number) => new StatesError('States.Runtime',
  `the local engine stopped the execution after ${n} history events (a loop without end?); Step Functions allows 25,000`);

/** The outcome of one local execution. */
export interface ExecutionResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly executionId: string;
  readonly output?: Json;
  /** Absent when AWS records none (ABORTED, a Fail state without Error). */
  readonly error?: string;
  /** Absent when AWS records none (timeouts, a Fail state without Cause). */
  readonly cause?: string;
  readonly history: HistoryEvent[];
  readonly historyEvents: number;
  /** States entered (what Step Functions bills). */
  readonly transitions: number;
  /** Seconds: 0 and the simulated end. */
  readonly startTime: number;
  readonly stopTime: number;
  readonly makespanSeconds: number;
  readonly deadLetters: readonly CapturedMessage[];
  readonly attempts: readonly TaskAttempt[];
}

/** Options of {@link runExecution}. */
export interface RunOptions {
  readonly invokeLambda: LambdaInvoker;
  /** Seeds jitter, MathRandom and UUID. @default 1 */
  readonly seed?: number;
  /** Really wait instead of simulating time. @default false */
  readonly realTime?: boolean;
  readonly executionName?: string;
  readonly workflowName?: string;
  /** Child state machines by ARN (placeholder), for startExecution.sync:2. */
  readonly childMachines?: Readonly<Record<string, object>>;
  /** Keep every history event. @default true */
  readonly keepHistory?: boolean;
  /**
   * Consulted for every Task state before the built-in integrations; `undefined` = not mocked.
   * To fail the task, throw an Error whose `name` is the ASL error and `message` the cause (a
   * `StatesError` is reported as is). @default no mocks
   */
  readonly mockTask?: (call: TaskCall) => Promise<CallResult | undefined>;
  /** Abort the execution at this simulated time (status ABORTED, history ExecutionAborted). @default never */
  readonly abortAfterSeconds?: number;
  /** The S3 of the run: Distributed Map ItemReader / ResultWriter objects. @default - a new empty one */
  readonly s3?: InMemoryS3;
  /** `$$.Execution.RedriveCount`. @default 0 */
  readonly redriveCount?: number;
}

/**
 * Runs an ASL definition in-process — the very definition the stack deploys, or any other — on a
 * virtual clock. Tasks call `invokeLambda` (the real handlers, in the CLI) unless `mockTask`
 * answers; the DLQ's sendMessage is captured.
 */
export async function runExecution(definition: object | string, input: Json, options: RunOptions): Promise<ExecutionResult> {
  const machine = (typeof definition === 'string' ? JSON.parse(definition) : definition) as Machine;
  return new Execution(options, new Scheduler(options.realTime), seededRandom(options.seed ?? 1)).start(machine, input, options.executionName);
}

class Execution implements Services, Runtime {
  readonly messages: CapturedMessage[] = [];
  readonly tables = new Map<string, Map<string, Record<string, unknown>>>();
  history!: History;
  readonly s3: InMemoryS3;
  contextBase: Record<string, unknown> = {};
  private readonly tokens = new Map<string, { resolve: (v: TokenOutcome) => void; state: string }>();
  private readonly attempts: TaskAttempt[] = [];
  private transitions = 0;
  private executionId = '';
  private ended = false;
  private readonly maxEvents: number;

  constructor(private readonly o: RunOptions, readonly clock: Scheduler, readonly random: () => number) {
    this.s3 = o.s3 ?? new InMemoryS3();
    this.maxEvents = o.keepHistory === false ? MAX_HISTORY_EVENTS.counted : MAX_HISTORY_EVENTS.kept;
  }

  readonly invokeLambda: LambdaInvoker = (req) => this.clock.track(() => this.o.invokeLambda(req));

  aborted(): boolean {
    return this.ended;
  }

  guard(): void {
    if (this.history.size > this.maxEvents) throw loopGuard(this.maxEvents);
  }

  countTransition(): void {
    this.transitions++;
  }

  recordAttempt(a: TaskAttempt): void {
    this.attempts.push(a);
  }

  async call(call: TaskCall): Promise<CallResult> {
    const mock = this.o.mockTask;
    const mocked = mock ? await this.clock.track(() => mock(call)) : undefined;
    return mocked ?? callResource(call, this);
  }

  newId(): string {
    const h = [...Array(32)].map(() => Math.floor(this.random() * 16).toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  waitForToken(stateName: string): { token: string; outcome: Promise<TokenOutcome> } {
    const token = this.newId();
    const outcome = new Promise<TokenOutcome>((resolve) => this.tokens.set(token, { resolve, state: stateName }));
    return { token, outcome };
  }

  dropToken(token: string): void {
    this.tokens.delete(token);
  }

  resolveToken(token: string, outcome: TokenOutcome): void {
    const waiter = this.tokens.get(token);
    if (!waiter) throw new StatesError('Sfn.TaskDoesNotExistException', `task token ${token.slice(0, 12)}... is not waiting`);
    this.tokens.delete(token);
    waiter.resolve(outcome);
  }

  async runChild(arn: string, input: Json, stateName: string) {
    const def = this.o.childMachines?.[arn];
    if (!def) throw new UnsupportedError(stateName, `startExecution of unknown state machine ${arn}`);
    const name = `${this.executionId.split(':').pop()}-${stateName}`;
    const child = new Execution({ ...this.o, s3: this.s3, executionName: name }, this.clock, this.random);
    const r = await child.start(def as Machine, input, name, true);
    this.messages.push(...r.deadLetters);
    this.attempts.push(...r.attempts);
    this.transitions += r.transitions;
    return { status: r.status, output: r.output, error: r.error, cause: r.cause, executionArn: r.executionId };
  }

  async start(machine: Machine, input: Json, name?: string, nested = false): Promise<ExecutionResult> {
    const machineName = this.o.workflowName ?? 'local';
    const execName = name ?? `exec-${this.newId()}`;
    this.executionId = `arn:aws:states:local:000000000000:execution:${machineName}:${execName}`;
    const now = () => new Date(EPOCH + this.clock.now * 1000).toISOString();
    this.history = new History(this.o.keepHistory ?? true, now);
    this.contextBase = {
      Execution: { Id: this.executionId, Input: input, StartTime: now(), Name: execName, RoleArn: 'arn:aws:iam::000000000000:role/local', RedriveCount: this.o.redriveCount ?? 0 },
      StateMachine: { Id: `arn:aws:states:local:000000000000:stateMachine:${machineName}`, Name: machineName },
    };
    const t0 = this.clock.now;
    this.history.add('ExecutionStarted');
    const ql: QueryLanguage = machine.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    const body = this.runMachine(machine, input, { extra: {}, signal: ROOT, vars: {}, ql });
    const limits: Promise<never>[] = [];
    if (machine.TimeoutSeconds !== undefined) limits.push(this.clock.sleep(machine.TimeoutSeconds).then(() => { throw EXECUTION_TIMEOUT; }));
    if (this.o.abortAfterSeconds !== undefined && !nested) limits.push(this.clock.sleep(this.o.abortAfterSeconds).then(() => { throw EXECUTION_ABORTED; }));
    const guarded = limits.length > 0 ? Promise.race([body, ...limits]) : body;
    let status: ExecutionResult['status'] = 'SUCCEEDED';
    let output: Json;
    let error: string | undefined;
    let cause: string | undefined;
    try {
      // A child execution shares its parent's clock, which the parent's run loop already drives.
      output = nested ? await guarded : await this.clock.run(guarded, () => this.blockedOn());
      this.history.add('ExecutionSucceeded');
    } catch (e) {
      this.ended = true;
      if (!(e instanceof StatesError)) throw e;
      if (e === EXECUTION_ABORTED) {
        status = 'ABORTED';
        this.history.add('ExecutionAborted');
      } else {
        status = e === EXECUTION_TIMEOUT ? 'TIMED_OUT' : 'FAILED';
        error = e.error === '' ? undefined : e.error;
        cause = e.cause;
        this.history.add(status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionFailed', undefined, error, cause);
      }
    }
    this.ended = true;
    const stop = this.clock.now;
    return {
      status, executionId: this.executionId, output, error, cause,
      history: this.history.events, historyEvents: this.history.size, transitions: this.transitions,
      startTime: t0, stopTime: stop, makespanSeconds: stop - t0,
      deadLetters: this.messages, attempts: this.attempts,
    };
  }

  private blockedOn(): string | undefined {
    const waiting = [...this.tokens.values()].map((w) => w.state);
    return waiting.length > 0 ? `waiting for task tokens in ${waiting.join(', ')}` : undefined;
  }

  /**
   * Runs a (sub-)state machine; throws a StatesError when it fails. `frame.signal` stops it at the
   * next state when a sibling branch of an enclosing Parallel (or Map) failed.
   */
  async runMachine(machine: Machine, input: Json, frame: Frame): Promise<Json> {
    let name: string | undefined = machine.StartAt;
    let data = input;
    while (name !== undefined) {
      if (this.ended || stopped(frame.signal)) throw new StatesError('States.BranchFailed', 'a sibling branch failed');
      this.guard();
      const state: State | undefined = machine.States[name];
      if (!state) throw new StatesError('States.Runtime', `state "${name}" does not exist`);
      const ql = queryLanguageOf(state, frame.ql);
      validateState(name, state, ql);
      this.transitions++;
      const eventId = this.history.add(`${state.Type}StateEntered`, name);
      const io = new StateIo({ rt: this, name, state, ql, input: data, frame, entered: this.clock.now, eventId });
      let r;
      try {
        r = await HANDLERS[state.Type](io);
      } catch (e) {
        throw this.ended ? e : io.stateError(e);
      }
      if (exceedsPayloadLimit(r.output)) throw dataLimitExceeded(name);
      data = r.output;
      name = r.next;
    }
    return data;
  }
}
