import type { QueryLanguage } from '../model/asl';
import { seededRandom, Scheduler } from './clock';
import { dataLimitExceeded, exceedsPayloadLimit, EXECUTION_ABORTED, EXECUTION_TIMEOUT, ExecutionNotRedrivable, StatesError, UnsupportedError } from './errors';
import { History, HISTORY_QUOTA, HISTORY_QUOTA_REACHED } from './history';
import { ChildExecutions } from './child-executions';
import { callResource, CallResult, CapturedMessage, LambdaInvoker, Services, TaskCall } from './integrations';
import { StateIo } from './io';
import { Journal, RedrivePoint, snapshot } from './redrive';
import { InMemoryS3 } from './s3-memory';
import type { Frame, Runtime, TaskAttempt, TokenOutcome } from './runtime';
import { HANDLERS } from './states/index';
import { ROOT, stopped } from './signal';
import { iso } from './timestamps';
import type { Json, Machine, State } from './types';
import { queryLanguageOf, validateState } from './validate';

export type { CallResult, LambdaInvoker, TaskCall } from './integrations';
export type { HistoryEvent } from './history';
import type { HistoryEvent } from './history';
export type { TaskAttempt } from './runtime';
export type { Journal, RedrivePoint } from './redrive';

/**
 * An EXPRESS-type run (no history quota) that writes this many history events is stopped (a loop
 * without end never hangs the engine or fills memory): fewer when every event is kept. A STANDARD
 * run ends at Step Functions' own quota of 25,000 events first (history.ts).
 */
export const MAX_HISTORY_EVENTS = { kept: 500_000, counted: 2_000_000 } as const;
/**
 * Parallel and Map states nested deeper than this fail with States.Runtime (a definition that deep
 * is far past Step Functions' 1 MB definition quota in practice; the bound keeps the engine's own
 * recursion, and a crash with an internal stack, out of reach of any definition).
 */
export const MAX_NESTING = 200;
const loopGuard = (n: number) => new StatesError('States.Runtime',
  `the local engine stopped the execution after ${n} history events (a loop without end?)`);

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
  /** Events written, counted even when not kept (`keepHistory: false`). */
  readonly historyEvents: number;
  /** States entered (what Step Functions bills). */
  readonly transitions: number;
  /** Seconds: 0 and the simulated end. */
  readonly startTime: number;
  readonly stopTime: number;
  readonly makespanSeconds: number;
  readonly deadLetters: readonly CapturedMessage[];
  readonly attempts: readonly TaskAttempt[];
  /** Child executions this one started (startExecution.sync), each with its own history. */
  readonly children?: readonly ExecutionResult[];
  /**
   * The limit that ended the run, when one did: the state machine's TimeoutSeconds, the 25,000-event
   * history quota of a Standard execution, `abortAfterSeconds`, or the engine's own loop guard of
   * an Express run.
   */
  readonly stoppedBy?: 'TimeoutSeconds' | 'HistoryQuota' | 'Abort' | 'LoopGuard';
  /** Where a FAILED / TIMED_OUT / ABORTED run stopped, for {@link redriveExecution}; absent when SUCCEEDED. */
  readonly redrive?: RedrivePoint;
  /** A child execution's state machine (its key in `childMachines`); absent for the root. */
  readonly stateMachineArn?: string;
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
  /**
   * The workflow type. STANDARD executions end at Step Functions' 25,000-event history quota; an
   * EXPRESS execution has no such quota, since Step Functions keeps no history of it (its events go
   * to CloudWatch Logs: "Choosing workflow type", https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html).
   * @default 'STANDARD'
   */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** The S3 of the run: Distributed Map ItemReader / ResultWriter objects. @default - a new empty one */
  readonly s3?: InMemoryS3;
  /** `$$.Execution.RedriveCount` (set by {@link redriveExecution}). @default 0 */
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

/**
 * Redrives a FAILED, TIMED_OUT or ABORTED local execution as Step Functions' RedriveExecution does
 * (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): the same execution
 * (ARN, input, definition) continues at the states that were entered and not exited; states that
 * succeeded keep their outputs and are not rerun; in a Parallel only the branches, in a Map (inline or
 * distributed) only the iterations that failed or were aborted run again. An execution that failed at
 * a Fail state (even one reached through a Catch) reruns that Fail state. `$$.Execution.RedriveCount`
 * is one more than the previous run's, TimeoutSeconds starts again, and the result continues the
 * previous run: its history (with an ExecutionRedriven event), time line, attempts and dead letters.
 *
 * @param definition the definition `previous` ran (AWS redrives with the same definition)
 * @param previous the result of {@link runExecution} or of an earlier redrive
 * @param options as for runExecution (the task handlers, mocks, seed...); `executionName` and
 *   `redriveCount` are taken from `previous`
 * @throws ExecutionNotRedrivable when `previous` SUCCEEDED or ended on the history event quota
 */
export async function redriveExecution(definition: object | string, previous: ExecutionResult, options: RunOptions): Promise<ExecutionResult> {
  if (previous.status === 'SUCCEEDED') throw new ExecutionNotRedrivable(previous.executionId, 'Execution is SUCCEEDED and cannot be redriven');
  const point = previous.redrive;
  if (previous.stoppedBy === 'HistoryQuota') throw new ExecutionNotRedrivable(previous.executionId, 'Execution history event limit exceeded');
  if (!point) throw new ExecutionNotRedrivable(previous.executionId, 'the run recorded no redrive point');
  const machine = (typeof definition === 'string' ? JSON.parse(definition) : definition) as Machine;
  const o: RunOptions = { ...options, redriveCount: point.redriveCount + 1 };
  return new Execution(o, new Scheduler(options.realTime, previous.stopTime), seededRandom(options.seed ?? 1), ChildExecutions.of(previous))
    .start(machine, point.input, undefined, false, previous);
}

class Execution implements Services, Runtime {
  readonly messages: CapturedMessage[] = [];
  /** Child executions started (startExecution.sync), for the guard to read. */
  readonly children: ExecutionResult[] = [];
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

  /**
   * @param childRuns the child executions of the whole root execution by name, shared by every
   *   nested execution and carried across redrives
   */
  constructor(private readonly o: RunOptions, readonly clock: Scheduler, readonly random: () => number,
    private readonly childRuns = new ChildExecutions<ExecutionResult>()) {
    this.s3 = o.s3 ?? new InMemoryS3();
    this.maxEvents = o.keepHistory === false ? MAX_HISTORY_EVENTS.counted : MAX_HISTORY_EVENTS.kept;
  }

  readonly invokeLambda: LambdaInvoker = (req) => this.clock.track(() => this.o.invokeLambda(req));

  aborted(): boolean {
    return this.ended || this.history.quotaReached;
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
    const h = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join('');
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

  /**
   * startExecution.sync of a child machine: named by the call's `Name` (else after this execution
   * and the state), ExecutionAlreadyExists when that child ran before (it is closed).
   */
  async runChild(arn: string, input: Json, stateName: string, requestedName?: string) {
    const def = this.o.childMachines?.[arn];
    if (!def) throw new UnsupportedError(stateName, `startExecution of unknown state machine ${arn}`);
    const name = requestedName ?? `${this.executionId.split(':').pop()}-${stateName}`;
    this.childRuns.checkNew(name, stateName);
    const child = new Execution({ ...this.o, s3: this.s3, executionName: name, redriveCount: 0 }, this.clock, this.random, this.childRuns);
    const r: ExecutionResult = { ...await child.start(def as Machine, input, name, true), stateMachineArn: arn };
    this.childRuns.record(name, arn, r);
    this.adoptChild(r);
    return { status: r.status, output: r.output, error: r.error, cause: r.cause, executionArn: r.executionId };
  }

  /** RedriveExecution of a child (aws-sdk:sfn:redriveExecution): it runs its redrive to its end here. */
  async redriveChild(arn: string): Promise<Json> {
    const run = this.childRuns.redrivable(arn);
    const previous = run.result;
    const def = this.o.childMachines?.[run.machineArn] as Machine;
    const o: RunOptions = { ...this.o, s3: this.s3, executionName: undefined, redriveCount: previous.redrive!.redriveCount + 1 };
    const redriven = new Execution(o, this.clock, this.random, this.childRuns);
    const started = iso(this.clock.now);
    const r: ExecutionResult = { ...await redriven.start(def, previous.redrive!.input, undefined, true, previous), stateMachineArn: run.machineArn };
    run.result = r;
    this.adoptChild(r, previous);
    return { RedriveDate: started };
  }

  /** DescribeExecution of a child (aws-sdk:sfn:describeExecution). */
  describeChild(arn: string): Json {
    return this.childRuns.describe(arn);
  }

  /** Takes a child's letters, attempts and transitions (those after `previous`, for a redrive). */
  private adoptChild(r: ExecutionResult, previous?: ExecutionResult): void {
    const i = previous ? this.children.indexOf(previous) : -1;
    if (i >= 0) this.children[i] = r;
    else this.children.push(r);
    this.messages.push(...r.deadLetters.slice(previous?.deadLetters.length ?? 0));
    this.attempts.push(...r.attempts.slice(previous?.attempts.length ?? 0));
    this.transitions += r.transitions - (previous?.transitions ?? 0);
  }

  /** Runs the execution; `previous`: the run this one redrives (same ARN, history and time line continued). */
  async start(machine: Machine, input: Json, name?: string, nested = false, previous?: ExecutionResult): Promise<ExecutionResult> {
    const machineName = this.o.workflowName ?? 'local';
    const execName = previous ? previous.executionId.split(':').pop()! : name ?? `exec-${this.newId()}`;
    // An Express execution's ARN is arn:…:express:<state machine>:<name>:<id>, as AWS recorded it in the
    // context object (localstack tests/aws/services/stepfunctions/v2/express/test_express_sync.snapshot.json).
    this.executionId = previous ? previous.executionId : this.o.type === 'EXPRESS'
      ? `arn:aws:states:local:000000000000:express:${machineName}:${execName}:${this.newId()}`
      : `arn:aws:states:local:000000000000:execution:${machineName}:${execName}`;
    const now = () => iso(this.clock.now);
    this.history = new History(this.o.keepHistory ?? true, now, previous, this.o.type === 'EXPRESS' ? undefined : HISTORY_QUOTA);
    const t0 = previous ? previous.startTime : this.clock.now;
    const redriveCount = this.o.redriveCount ?? 0;
    this.contextBase = {
      Execution: {
        Id: this.executionId, Input: input, StartTime: iso(t0), Name: execName, RoleArn: 'arn:aws:iam::000000000000:role/local',
        // An Express execution cannot be redriven and its context has no RedriveCount (as AWS recorded:
        // localstack tests/aws/services/stepfunctions/v2/express/test_express_sync.snapshot.json).
        ...(this.o.type === 'EXPRESS' ? {} : { RedriveCount: redriveCount }),
        ...(previous ? { RedriveTime: now() } : {}),
      },
      StateMachine: { Id: `arn:aws:states:local:000000000000:stateMachine:${machineName}`, Name: machineName },
    };
    if (previous) {
      this.messages.push(...previous.deadLetters);
      this.attempts.push(...previous.attempts);
      this.transitions = previous.transitions;
    }
    this.history.add(previous ? 'ExecutionRedriven' : 'ExecutionStarted');
    const ql: QueryLanguage = machine.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    const journal: Journal = {};
    const body = this.runMachine(machine, input, { extra: {}, signal: ROOT, vars: {}, ql, journal }, previous?.redrive?.journal);
    const limits: Promise<never>[] = [];
    if (machine.TimeoutSeconds !== undefined) limits.push(this.clock.sleep(machine.TimeoutSeconds).then(() => { throw EXECUTION_TIMEOUT; }));
    if (this.o.abortAfterSeconds !== undefined && !nested) limits.push(this.clock.sleep(this.o.abortAfterSeconds).then(() => { throw EXECUTION_ABORTED; }));
    const guarded = limits.length > 0 ? Promise.race([body, ...limits]) : body;
    let status: ExecutionResult['status'] = 'SUCCEEDED';
    let output: Json;
    let error: string | undefined;
    let cause: string | undefined;
    let stoppedBy: ExecutionResult['stoppedBy'];
    try {
      // A child execution shares its parent's clock, which the parent's run loop already drives.
      output = nested ? await guarded : await this.clock.run(guarded, () => this.blockedOn());
      this.history.add('ExecutionSucceeded');
    } catch (thrown) {
      this.ended = true;
      // Once the quota is reached, whatever error reaches the top first, the quota ended the run.
      const e = this.history.quotaReached ? HISTORY_QUOTA_REACHED : thrown;
      if (!(e instanceof StatesError)) throw e;
      stoppedBy = e === EXECUTION_ABORTED ? 'Abort' : e === EXECUTION_TIMEOUT ? 'TimeoutSeconds' : e === HISTORY_QUOTA_REACHED ? 'HistoryQuota' : this.history.size > this.maxEvents ? 'LoopGuard' : undefined;
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
    const redrive: RedrivePoint | undefined = status === 'SUCCEEDED' ? undefined : { input, journal: snapshot(journal), redriveCount };
    return {
      status, executionId: this.executionId, output, error, cause,
      history: this.history.events, historyEvents: this.history.size, transitions: this.transitions,
      startTime: t0, stopTime: stop, makespanSeconds: stop - t0,
      deadLetters: this.messages, attempts: this.attempts, children: this.children, stoppedBy, redrive,
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
  async runMachine(machine: Machine, input: Json, frame: Frame, resume?: Journal): Promise<Json> {
    if (resume?.done) return resume.output;
    if ((frame.depth ?? 0) > MAX_NESTING) throw new StatesError('States.Runtime', `the local engine runs Parallel and Map states nested at most ${MAX_NESTING} deep`);
    // A redrive resumes at the state that was entered and not exited, with its input and variables.
    let redrive = resume?.state !== undefined ? resume : undefined;
    let name: string | undefined = redrive ? redrive.state : machine.StartAt;
    let data = redrive ? redrive.input : input;
    if (redrive?.vars) Object.assign(frame.vars, redrive.vars);
    const j = frame.journal;
    while (name !== undefined) {
      if (j) {
        j.state = name;
        j.input = data;
        j.vars = frame.vars;
        j.children = undefined;
      }
      if (this.ended || stopped(frame.signal)) throw new StatesError('States.BranchFailed', 'a sibling branch failed');
      this.guard();
      const state: State | undefined = machine.States[name];
      if (!state) throw new StatesError('States.Runtime', `state "${name}" does not exist`);
      const ql = queryLanguageOf(state, frame.ql);
      validateState(name, state, ql);
      this.transitions++;
      const eventId = (frame.events ?? this.history).add(`${state.Type}StateEntered`, name, undefined, undefined, { input: data });
      const io = new StateIo({ rt: this, name, state, ql, input: data, frame, entered: this.clock.now, eventId, redrive });
      redrive = undefined;
      let r;
      try {
        r = await HANDLERS[state.Type](io);
      } catch (e) {
        // Data nested too deeply for the engine's recursive walks (JSONPath, templates, JSON) is a clean error.
        if (e instanceof RangeError && /call stack/i.test(e.message)) throw new StatesError('States.Runtime', `state "${name}": the data is nested too deeply for the local engine`);
        throw this.ended ? e : io.stateError(e);
      }
      if (exceedsPayloadLimit(r.output)) throw dataLimitExceeded(name);
      data = r.output;
      name = r.next;
    }
    if (j) {
      j.done = true;
      j.output = data;
    }
    return data;
  }
}
