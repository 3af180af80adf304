import { matches } from './choice';
import { seededRandom, Scheduler } from './clock';
import { dataLimitExceeded, exceedsPayloadLimit, StatesError, UnsupportedError } from './errors';
import { History, HistoryEvent } from './history';
import { callResource, CallResult, CapturedMessage, LambdaInvoker, Services, TaskCall } from './integrations';
import type { EvalScope } from './intrinsics';
import { JsonataHost, runJsonataState } from './jsonata-state';
import { readPath, writePath } from './jsonpath';
import {
  asStatesError, COMMON, EPOCH, errorMatches, EXECUTION_ABORTED, EXECUTION_TIMEOUT, FIELDS, iso, Json, logsOf, Machine, retryDelay, ROOT, Signal,
  State, stopped, VALIDATED,
} from './states';
import { renderTemplate } from './template';

export type { CallResult, LambdaInvoker, TaskCall } from './integrations';
export type { HistoryEvent } from './history';


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

/** The outcome of one local execution. */
export interface ExecutionResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly executionId: string;
  readonly output?: Json;
  readonly error?: string;
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
  /** `$$.Execution.RedriveCount`. @default 0 */
  readonly redriveCount?: number;
}

/**
 * Runs an ASL definition in-process — the very definition the stack deploys — on a virtual clock.
 * Tasks call `invokeLambda` (the real handlers, in the CLI); the DLQ's sendMessage is captured.
 */
export async function runExecution(definition: object | string, input: Json, options: RunOptions): Promise<ExecutionResult> {
  const machine = (typeof definition === 'string' ? JSON.parse(definition) : definition) as Machine;
  return new Execution(options, new Scheduler(options.realTime), seededRandom(options.seed ?? 1)).start(machine, input, options.executionName);
}

class Execution implements Services {
  readonly messages: CapturedMessage[] = [];
  readonly tables = new Map<string, Map<string, Record<string, unknown>>>();
  private readonly tokens = new Map<string, { resolve: (v: { output?: Json; error?: string; cause?: string }) => void; state: string }>();
  private readonly attempts: TaskAttempt[] = [];
  private history!: History;
  private transitions = 0;
  private executionId = '';
  private contextBase: Record<string, unknown> = {};
  private aborted = false;

  constructor(private readonly o: RunOptions, private readonly clock: Scheduler, private readonly random: () => number) {}

  readonly invokeLambda: LambdaInvoker = (req) => this.clock.track(() => this.o.invokeLambda(req));

  newId(): string {
    const h = [...Array(32)].map(() => Math.floor(this.random() * 16).toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  resolveToken(token: string, outcome: { output?: Json; error?: string; cause?: string }): void {
    const waiter = this.tokens.get(token);
    if (!waiter) throw new StatesError('Sfn.TaskDoesNotExistException', `task token ${token.slice(0, 12)}... is not waiting`);
    this.tokens.delete(token);
    waiter.resolve(outcome);
  }

  async runChild(arn: string, input: Json, stateName: string) {
    const def = this.o.childMachines?.[arn];
    if (!def) throw new UnsupportedError(stateName, `startExecution of unknown state machine ${arn}`);
    const name = `${this.executionId.split(':').pop()}-${stateName}`;
    const child = new Execution({ ...this.o, executionName: name }, this.clock, this.random);
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
    const iso = () => new Date(EPOCH + this.clock.now * 1000).toISOString();
    this.history = new History(this.o.keepHistory ?? true, iso);
    this.contextBase = {
      Execution: { Id: this.executionId, Input: input, Name: execName, StartTime: iso(), RoleArn: 'arn:aws:iam::000000000000:role/local', RedriveCount: this.o.redriveCount ?? 0 },
      StateMachine: { Id: `arn:aws:states:local:000000000000:stateMachine:${machineName}`, Name: machineName },
    };
    const t0 = this.clock.now;
    this.history.add('ExecutionStarted');
    const body = this.runMachine(machine, input, {});
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
      this.aborted = true;
      if (!(e instanceof StatesError)) throw e;
      const se = e;
      if (se === EXECUTION_ABORTED) {
        status = 'ABORTED';
        this.history.add('ExecutionAborted');
      } else {
        status = se === EXECUTION_TIMEOUT ? 'TIMED_OUT' : 'FAILED';
        error = se.error;
        cause = se.cause;
        this.history.add(status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionFailed', undefined, error, cause);
      }
    }
    this.aborted = true;
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
   * Runs a (sub-)state machine; throws a StatesError when it fails. `signal` stops it at the next
   * state when a sibling branch of an enclosing Parallel (or Map) failed.
   */
  private async runMachine(machine: Machine, input: Json, extra: Record<string, unknown>, signal: Signal = ROOT,
    vars: Record<string, unknown> = {}, language = 'JSONPath'): Promise<Json> {
    const ql = machine.QueryLanguage ?? language;
    let name: string | undefined = machine.StartAt;
    let data = input;
    while (name !== undefined) {
      if (this.aborted || stopped(signal)) throw new StatesError('States.BranchFailed', 'a sibling branch failed');
      const state: State | undefined = machine.States[name];
      if (!state) throw new StatesError('States.Runtime', `state "${name}" does not exist`);
      const r: { output: Json; next?: string } = (state.QueryLanguage ?? ql) === 'JSONata'
        ? await runJsonataState(this.host, name, state, data, extra, signal, vars, ql)
        : await this.runState(name, state, data, extra, signal);
      if (exceedsPayloadLimit(r.output)) throw dataLimitExceeded(name);
      data = r.output;
      name = r.next;
    }
    return data;
  }

  /** What templates and intrinsics read; the context object is built only if something reads `$$`. */
  /** What JSONata states use of this execution. */
  private readonly host: JsonataHost = {
    entered: (type, name) => { this.transitions++; this.history.add(`${type}StateEntered`, name); },
    exited: (type, name, error) => this.history.add(`${type}StateExited`, name, error),
    now: () => this.clock.now,
    sleep: (seconds) => this.clock.sleep(seconds),
    aborted: () => this.aborted,
    context: (input, extra, name, attempt, entered) => this.scope(input, extra, name, attempt, undefined, entered).context,
    retryDelay: (retriers, counts, err) => retryDelay(retriers, counts, err, this.random),
    runTask: (name, state, input, extra, attempt, entered, args) => this.runTask(name, state, input, extra, attempt, entered, args),
    runMachine: (m, input, extra, signal, vars, ql) => this.runMachine(m, input, extra, signal, vars, ql),
    runMap: (name, state, items, extra, attempt, signal, entered, vars, ql) => this.runMap(name, state, items, extra, attempt, signal, entered, vars, ql),
  };

  private scope(input: Json, extra: Record<string, unknown>, stateName: string, retryCount = 0, more?: Record<string, unknown>, entered = this.clock.now): EvalScope {
    const base = this.contextBase;
    let context: Record<string, unknown> | undefined;
    return {
      input,
      get context() {
        if (!context) {
          context = { ...base, ...extra, ...more, State: { Name: stateName, EnteredTime: iso(entered), RetryCount: retryCount } };
        }
        return context;
      },
      random: this.random,
    };
  }

  private async runState(name: string, state: State, raw: Json, extra: Record<string, unknown>, signal: Signal): Promise<{ output: Json; next?: string }> {
    const type = String(state.Type);
    if (!VALIDATED.has(state)) {
      const allowed = FIELDS[type];
      if (!allowed) throw new UnsupportedError(name, `state type ${type}`);
      for (const k of Object.keys(state)) {
        if (!COMMON.includes(k) && !allowed.includes(k)) throw new UnsupportedError(name, `field ${k} on a ${type} state`);
      }
      VALIDATED.add(state);
    }
    this.transitions++;
    this.history.add(`${type}StateEntered`, name);
    const next = state.End ? undefined : state.Next as string | undefined;
    const effective = state.InputPath === null ? {} : state.InputPath ? readPath(raw, state.InputPath) : raw;
    const finish = (output: Json, to = next) => {
      this.history.add(`${type}StateExited`, name);
      return { output: state.OutputPath === null ? {} : state.OutputPath ? readPath(output, state.OutputPath) : output, next: to };
    };
    switch (type) {
      case 'Pass': {
        const result = state.Result !== undefined ? state.Result : state.Parameters !== undefined ? renderTemplate(state.Parameters, this.scope(effective, extra, name)) : effective;
        return finish(writePath(raw, state.ResultPath, result));
      }
      case 'Succeed':
        return finish(effective, undefined);
      case 'Fail': {
        const error = state.ErrorPath ? String(readPath(effective, state.ErrorPath)) : state.Error ?? 'States.Fail';
        const cause = state.CausePath ? String(readPath(effective, state.CausePath)) : state.Cause ?? '';
        this.history.add('FailStateEntered', name, error, cause);
        throw new StatesError(error, cause);
      }
      case 'Wait': {
        const seconds = state.Seconds ?? (state.SecondsPath ? Number(readPath(effective, state.SecondsPath)) : undefined)
          ?? Math.max(0, (Date.parse(state.Timestamp ?? String(readPath(effective, state.TimestampPath))) - (EPOCH + this.clock.now * 1000)) / 1000);
        await this.clock.sleep(Number(seconds));
        return finish(effective);
      }
      case 'Choice': {
        for (const rule of state.Choices as State[]) {
          if (matches(rule, effective, this.scope(effective, extra, name).context)) return finish(effective, rule.Next);
        }
        if (state.Default) return finish(effective, state.Default);
        throw new StatesError('States.NoChoiceMatched', `no choice rule matched in state "${name}" and there is no Default`);
      }
      default:
        return this.runWithRetry(name, state, raw, effective, extra, finish, signal, this.clock.now);
    }
  }

  /** Task, Parallel and Map: Retry, Catch, ResultSelector, ResultPath. */
  private async runWithRetry(name: string, state: State, raw: Json, effective: Json, extra: Record<string, unknown>,
    finish: (output: Json, to?: string) => { output: Json; next?: string }, signal: Signal, entered: number): Promise<{ output: Json; next?: string }> {
    const retriers = (state.Retry ?? []) as State[];
    const counts = retriers.length > 0 ? retriers.map(() => 0) : [];
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.execute(name, state, effective, extra, attempt, signal, entered);
        const selected = state.ResultSelector ? renderTemplate(state.ResultSelector, this.scope(result, extra, name, attempt, undefined, entered)) : result;
        return finish(writePath(raw, state.ResultPath, selected));
      } catch (e) {
        if (this.aborted || (e instanceof Error && e.name === 'UnsupportedError')) throw e;
        const err = asStatesError(e);
        // Runtime errors (a path that does not resolve, bad intrinsics) cannot be retried or caught.
        if (err.error === 'States.Runtime') throw err;
        const delay = retryDelay(retriers, counts, err, this.random);
        if (delay !== undefined) {
          await this.clock.sleep(delay);
          continue;
        }
        const c = ((state.Catch ?? []) as State[]).find((x) => errorMatches(x.ErrorEquals, err.error));
        if (!c) throw err;
        this.history.add(`${state.Type}StateExited`, name, err.error);
        const out = writePath(raw, c.ResultPath === undefined ? '$' : c.ResultPath, { Error: err.error, Cause: err.cause });
        return { output: out, next: c.Next };
      }
    }
  }

  private async execute(name: string, state: State, input: Json, extra: Record<string, unknown>, attempt: number, parent: Signal, entered: number): Promise<Json> {
    if (state.Type === 'Parallel') {
      const branchInput = state.Parameters ? renderTemplate(state.Parameters, this.scope(input, extra, name, attempt, undefined, entered)) : input;
      this.history.add('ParallelStateStarted', name);
      const signal: Signal = { stopped: false, parent };
      const out = await Promise.all((state.Branches as Machine[]).map((b) => this.runMachine(b, branchInput, extra, signal)
        .catch((e: unknown) => { signal.stopped = true; throw e; })));
      this.history.add('ParallelStateSucceeded', name);
      return out;
    }
    if (state.Type === 'Map') return this.runMap(name, state, input, extra, attempt, parent, entered);
    return this.runTask(name, state, input, extra, attempt, entered);
  }

  private async runTask(name: string, state: State, input: Json, extra: Record<string, unknown>, attempt: number, entered: number, argsOverride?: Json): Promise<Json> {
    let token: string | undefined;
    const more: Record<string, unknown> = {};
    if (String(state.Resource).endsWith('.waitForTaskToken')) {
      token = this.newId();
      more.Task = { Token: token };
    }
    const scope = this.scope(input, extra, name, attempt, more, entered);
    const params = argsOverride !== undefined ? argsOverride : state.Parameters !== undefined ? renderTemplate(state.Parameters, scope) : input;
    const itemIndex = (extra.Map as { Item?: { Index?: number } } | undefined)?.Item?.Index;
    const start = this.clock.now;
    this.history.add('TaskScheduled', name);
    const timeout = state.TimeoutSeconds as number | undefined;
    const heartbeat = state.HeartbeatSeconds as number | undefined;
    let tokenWait: Promise<{ output?: Json; error?: string; cause?: string }> | undefined;
    if (token) tokenWait = new Promise((resolve) => this.tokens.set(token!, { resolve, state: name }));
    try {
      if (exceedsPayloadLimit(params)) throw dataLimitExceeded(name);
      const call: TaskCall = { stateName: name, resource: String(state.Resource), params, attempt, itemIndex, timeoutSeconds: timeout };
      const mock = this.o.mockTask;
      const r = (mock ? await this.clock.track(() => mock(call)) : undefined) ?? await callResource(call, this);
      if (exceedsPayloadLimit(r.output)) throw dataLimitExceeded(name);
      if (timeout !== undefined && r.durationSeconds > timeout && (heartbeat === undefined || heartbeat >= timeout)) {
        await this.clock.sleep(timeout);
        throw new StatesError('States.Timeout', `task ${name} timed out after ${timeout} s`);
      }
      // An integration that sends no heartbeats (Lambda) fails once HeartbeatSeconds pass without one.
      if (heartbeat !== undefined && r.durationSeconds > heartbeat && !r.waitForToken) {
        await this.clock.sleep(heartbeat);
        throw new StatesError('States.HeartbeatTimeout', `task ${name} sent no heartbeat within ${heartbeat} s`);
      }
      await this.clock.sleep(r.durationSeconds);
      let output = r.output;
      if (r.waitForToken) {
        const outcome = await tokenWait!;
        if (outcome.error) throw new StatesError(outcome.error, outcome.cause ?? '');
        output = outcome.output;
      }
      this.attempts.push({ stateName: name, attempt, itemIndex, start, end: this.clock.now, status: 'SUCCEEDED', logs: r.logs });
      this.history.add('TaskSucceeded', name);
      return output;
    } catch (e) {
      if (token) this.tokens.delete(token);
      if (e instanceof Error && e.name === 'UnsupportedError') throw e;
      const err = asStatesError(e);
      const d = (e as { durationSeconds?: number }).durationSeconds ?? 0;
      if (d > 0) {
        if (timeout !== undefined && d > timeout) {
          await this.clock.sleep(timeout);
          const te = new StatesError('States.Timeout', `task ${name} timed out after ${timeout} s`);
          this.recordFailure(name, attempt, itemIndex, start, te, logsOf(e));
          throw te;
        }
        await this.clock.sleep(d);
      }
      this.recordFailure(name, attempt, itemIndex, start, err, logsOf(e));
      throw err;
    }
  }

  private recordFailure(name: string, attempt: number, itemIndex: number | undefined, start: number, err: StatesError, logs?: string[]): void {
    this.attempts.push({ stateName: name, attempt, itemIndex, start, end: this.clock.now, status: 'FAILED', error: err.error, logs });
    this.history.add(err.error === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed', name, err.error, err.cause);
  }

  private async runMap(name: string, state: State, input: Json, extra: Record<string, unknown>, attempt: number, parent: Signal, entered: number,
    vars: Record<string, unknown> = {}, ql = 'JSONPath'): Promise<Json> {
    if (state.ItemReader) throw new UnsupportedError(name, 'ItemReader (items in S3)');
    const items = readPath(input, state.ItemsPath ?? '$');
    if (!Array.isArray(items)) throw new StatesError('States.Runtime', `Map "${name}": ItemsPath ${state.ItemsPath ?? '$'} is not an array`);
    const processor = (state.ItemProcessor ?? state.Iterator) as Machine & { ProcessorConfig?: { Mode?: string } };
    const limit = Number(state.MaxConcurrency ?? 0) || items.length || 1;
    const tolerated = state.ToleratedFailurePercentage ?? (state.ToleratedFailureCount !== undefined ? undefined : 0);
    const results: Json[] = new Array(items.length);
    let failures = 0;
    let firstError: StatesError | undefined;
    let next = 0;
    // The Map fails as soon as the tolerance is exceeded; iterations in flight stop at their next state.
    const signal: Signal = { stopped: false, parent };
    let fail!: (e: StatesError) => void;
    const failed = new Promise<never>((_, reject) => { fail = reject; });
    failed.catch(() => undefined);
    this.history.add('MapStateStarted', name);
    const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
    const worker = async () => {
      while (next < items.length && !firstError) {
        const i = next++;
        const more = { Map: { Item: { Index: i, Value: items[i] } } };
        const itemInput = state.ItemSelector ? renderTemplate(state.ItemSelector, this.scope(input, extra, name, attempt, more, entered))
          : state.Parameters ? renderTemplate(state.Parameters, this.scope(input, extra, name, attempt, more, entered)) : items[i];
        this.history.add('MapIterationStarted', name);
        try {
          results[i] = await this.runMachine(processor, itemInput, { ...extra, ...more }, signal, Object.create(vars), ql);
          this.history.add('MapIterationSucceeded', name);
        } catch (e) {
          if (e instanceof Error && e.name === 'UnsupportedError') { fail(e as StatesError); return; }
          if (signal.stopped) return;
          failures++;
          this.history.add('MapIterationFailed', name);
          const pct = (100 * failures) / items.length;
          const overCount = state.ToleratedFailureCount !== undefined && failures > state.ToleratedFailureCount;
          if ((tolerated !== undefined && pct > tolerated) || overCount) {
            const toleranceSet = state.ToleratedFailurePercentage !== undefined || state.ToleratedFailureCount !== undefined;
            firstError = distributed && toleranceSet
              ? new StatesError('States.ExceedToleratedFailureThreshold', `Map "${name}": ${failures} of ${items.length} items failed`)
              : asStatesError(e);
            signal.stopped = true;
            fail(firstError);
            return;
          }
          results[i] = null;
        }
      }
    };
    await Promise.race([Promise.all(Array.from({ length: Math.min(limit, Math.max(1, items.length)) }, worker)), failed]);
    this.history.add('MapStateSucceeded', name);
    return results;
  }
}

