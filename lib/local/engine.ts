import { matches } from './choice';
import { seededRandom, Scheduler } from './clock';
import { StatesError, UnsupportedError } from './errors';
import { History, HistoryEvent } from './history';
import { callResource, CapturedMessage, LambdaInvoker, Services } from './integrations';
import type { EvalScope } from './intrinsics';
import { assign, evalJsonata } from './jsonata';
import { readPath, writePath } from './jsonpath';
import { renderTemplate } from './template';

export type { LambdaInvoker } from './integrations';
export type { HistoryEvent } from './history';

type Json = unknown;
type State = Record<string, any>;
interface Machine { StartAt: string; States: Record<string, State>; TimeoutSeconds?: number; QueryLanguage?: string }

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
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
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
}

const EPOCH = Date.UTC(2026, 0, 1);
const EXECUTION_TIMEOUT = new StatesError('States.Timeout', 'the execution ran past the state machine TimeoutSeconds');
const FIELDS: Record<string, string[]> = {
  Pass: ['Result', 'ResultPath', 'Parameters'],
  Task: ['Resource', 'Parameters', 'ResultPath', 'ResultSelector', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds'],
  Parallel: ['Branches', 'Parameters', 'ResultPath', 'ResultSelector', 'Retry', 'Catch'],
  Map: ['Iterator', 'ItemProcessor', 'ItemsPath', 'ItemSelector', 'Parameters', 'MaxConcurrency', 'ResultPath', 'ResultSelector', 'Retry', 'Catch', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label', 'ItemReader'],
  Choice: ['Choices', 'Default'],
  Wait: ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  Succeed: [],
  Fail: ['Error', 'Cause', 'ErrorPath', 'CausePath'],
};
const COMMON = ['Type', 'Comment', 'Next', 'End', 'InputPath', 'OutputPath', 'QueryLanguage'];
const JSONATA_COMMON = ['Type', 'Comment', 'Next', 'End', 'QueryLanguage', 'Assign', 'Output'];
const JSONATA_FIELDS: Record<string, string[]> = {
  Pass: [], Succeed: [], Fail: ['Error', 'Cause'], Wait: ['Seconds', 'Timestamp'], Choice: ['Choices', 'Default'],
  Task: ['Resource', 'Arguments', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds'],
  Parallel: ['Branches', 'Arguments', 'Retry', 'Catch'],
  Map: ['Items', 'ItemProcessor', 'Iterator', 'MaxConcurrency', 'Retry', 'Catch', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label'],
};
/** Variables visible in a scope: its own and its enclosing scopes' (prototype chain). */
function flatten(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // eslint-disable-next-line guard-for-in
  for (const k in vars) out[k] = vars[k];
  return out;
}
/** States whose fields were checked once (a Map runs its item states thousands of times). */
const VALIDATED = new WeakSet<object>();
const isoCache = new Map<number, string>();
/** Simulated seconds → ISO timestamp, cached (many states share a timestamp). */
function iso(seconds: number): string {
  let v = isoCache.get(seconds);
  if (v === undefined) {
    v = new Date(EPOCH + seconds * 1000).toISOString();
    if (isoCache.size > 100000) isoCache.clear();
    isoCache.set(seconds, v);
  }
  return v;
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
    const r = await child.start(def as Machine, input, name, this.clock.now);
    this.messages.push(...r.deadLetters);
    this.attempts.push(...r.attempts);
    this.transitions += r.transitions;
    return { status: r.status, output: r.output, error: r.error, cause: r.cause, executionArn: r.executionId };
  }

  async start(machine: Machine, input: Json, name?: string, offset = 0): Promise<ExecutionResult> {
    const machineName = this.o.workflowName ?? 'local';
    const execName = name ?? `exec-${this.newId()}`;
    this.executionId = `arn:aws:states:local:000000000000:execution:${machineName}:${execName}`;
    const iso = () => new Date(EPOCH + this.clock.now * 1000).toISOString();
    this.history = new History(this.o.keepHistory ?? true, iso);
    this.contextBase = {
      Execution: { Id: this.executionId, Input: input, Name: execName, StartTime: iso(), RoleArn: 'arn:aws:iam::000000000000:role/local' },
      StateMachine: { Id: `arn:aws:states:local:000000000000:stateMachine:${machineName}`, Name: machineName },
    };
    const t0 = this.clock.now;
    this.history.add('ExecutionStarted');
    const body = this.runMachine(machine, input, {});
    const guarded = machine.TimeoutSeconds !== undefined
      ? Promise.race([body, this.clock.sleep(machine.TimeoutSeconds).then(() => { throw EXECUTION_TIMEOUT; })])
      : body;
    let status: ExecutionResult['status'] = 'SUCCEEDED';
    let output: Json;
    let error: string | undefined;
    let cause: string | undefined;
    try {
      output = offset === 0 ? await this.clock.run(guarded, () => this.blockedOn()) : await guarded;
      this.history.add('ExecutionSucceeded');
    } catch (e) {
      this.aborted = true;
      if (!(e instanceof StatesError)) throw e;
      const se = e;
      status = se === EXECUTION_TIMEOUT ? 'TIMED_OUT' : 'FAILED';
      error = se.error;
      cause = se.cause;
      this.history.add(status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionFailed', undefined, error, cause);
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
        ? await this.runJsonataState(name, state, data, extra, signal, vars, ql)
        : await this.runState(name, state, data, extra, signal);
      data = r.output;
      name = r.next;
    }
    return data;
  }

  /**
   * A state in the JSONata query language: Arguments / Output / Assign / Condition / Items fields,
   * `{% %}` expressions over `$states` (input, result, errorOutput, context) and the variables.
   */
  private async runJsonataState(name: string, state: State, input: Json, extra: Record<string, unknown>, signal: Signal,
    vars: Record<string, unknown>, ql: string): Promise<{ output: Json; next?: string }> {
    const type = String(state.Type);
    const allowed = JSONATA_FIELDS[type];
    if (!allowed) throw new UnsupportedError(name, `state type ${type}`);
    for (const k of Object.keys(state)) {
      if (!JSONATA_COMMON.includes(k) && !allowed.includes(k)) throw new UnsupportedError(name, `field ${k} on a JSONata ${type} state`);
    }
    this.transitions++;
    this.history.add(`${type}StateEntered`, name);
    const entered = this.clock.now;
    const bind = (more: Record<string, unknown> = {}, attempt = 0) => ({
      ...flatten(vars),
      states: { input, context: this.scope(input, extra, name, attempt, undefined, entered).context, ...more },
    });
    const next = state.End ? undefined : state.Next as string | undefined;
    const done = async (output: Json, b: Record<string, unknown>, to = next) => {
      await assign(state.Assign, b, vars);
      this.history.add(`${type}StateExited`, name);
      return { output, next: to };
    };
    switch (type) {
      case 'Pass': { const b = bind(); return done(state.Output !== undefined ? await evalJsonata(state.Output, b) : input, b); }
      case 'Succeed': { const b = bind(); return done(state.Output !== undefined ? await evalJsonata(state.Output, b) : input, b, undefined); }
      case 'Fail': {
        const b = bind();
        throw new StatesError(String(await evalJsonata(state.Error ?? 'States.Fail', b)), String(await evalJsonata(state.Cause ?? '', b)));
      }
      case 'Wait': {
        const b = bind();
        const seconds = state.Seconds !== undefined ? Number(await evalJsonata(state.Seconds, b))
          : Math.max(0, (Date.parse(String(await evalJsonata(state.Timestamp, b))) - (EPOCH + this.clock.now * 1000)) / 1000);
        await this.clock.sleep(seconds);
        return done(state.Output !== undefined ? await evalJsonata(state.Output, b) : input, b);
      }
      case 'Choice': {
        const b = bind();
        for (const rule of state.Choices as State[]) {
          if (await evalJsonata(rule.Condition, b) === true) {
            await assign(rule.Assign, b, vars);
            return done(rule.Output !== undefined ? await evalJsonata(rule.Output, b) : input, b, rule.Next);
          }
        }
        if (state.Default) return done(state.Output !== undefined ? await evalJsonata(state.Output, b) : input, b, state.Default);
        throw new StatesError('States.NoChoiceMatched', `no choice rule matched in state "${name}" and there is no Default`);
      }
      default: break;
    }
    const retriers = (state.Retry ?? []) as State[];
    const counts = retriers.map(() => 0);
    for (let attempt = 0; ; attempt++) {
      try {
        const b = bind({}, attempt);
        let result: Json;
        if (type === 'Task') {
          const args = state.Arguments !== undefined ? await evalJsonata(state.Arguments, b) : input;
          result = await this.runTask(name, { ...state, Parameters: undefined }, input, extra, attempt, entered, args);
        } else if (type === 'Parallel') {
          const branchInput = state.Arguments !== undefined ? await evalJsonata(state.Arguments, b) : input;
          const sig: Signal = { stopped: false, parent: signal };
          result = await Promise.all((state.Branches as Machine[]).map((br) => this.runMachine(br, branchInput, extra, sig, Object.create(vars), ql)
            .catch((e: unknown) => { sig.stopped = true; throw e; })));
        } else {
          const items = state.Items !== undefined ? await evalJsonata(state.Items, b) : input;
          result = await this.runMap(name, { ...state, Items: undefined, ItemsPath: undefined, ItemSelector: undefined }, items, extra, attempt, signal, entered, vars, ql);
        }
        const rb = bind({ result }, attempt);
        return await done(state.Output !== undefined ? await evalJsonata(state.Output, rb) : result, rb);
      } catch (e) {
        if (this.aborted || (e instanceof Error && e.name === 'UnsupportedError')) throw e;
        const err = asStatesError(e);
        if (err.error === 'States.Runtime' || err.error === 'States.QueryEvaluationError') throw err;
        const delay = this.retryDelay(retriers, counts, err);
        if (delay !== undefined) { await this.clock.sleep(delay); continue; }
        const c = ((state.Catch ?? []) as State[]).find((x) => errorMatches(x.ErrorEquals, err.error));
        if (!c) throw err;
        const errorOutput = { Error: err.error, Cause: err.cause };
        const cb = bind({ errorOutput });
        await assign(c.Assign, cb, vars);
        this.history.add(`${type}StateExited`, name, err.error);
        return { output: c.Output !== undefined ? await evalJsonata(c.Output, cb) : errorOutput, next: c.Next };
      }
    }
  }

  /** The wait before the next attempt when a retrier matches and has attempts left, else undefined. */
  private retryDelay(retriers: readonly State[], counts: number[], err: StatesError): number | undefined {
    const r = retriers.findIndex((x) => errorMatches(x.ErrorEquals, err.error));
    if (r < 0 || counts[r] >= (retriers[r].MaxAttempts ?? 3)) return undefined;
    const x = retriers[r];
    let delay = (x.IntervalSeconds ?? 1) * Math.pow(x.BackoffRate ?? 2, counts[r]);
    if (x.MaxDelaySeconds !== undefined) delay = Math.min(delay, x.MaxDelaySeconds);
    if (x.JitterStrategy === 'FULL') delay = this.random() * delay;
    counts[r]++;
    return delay;
  }

  /** What templates and intrinsics read; the context object is built only if something reads `$$`. */
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
        const delay = this.retryDelay(retriers, counts, err);
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
      const r = await callResource({ stateName: name, resource: String(state.Resource), params, attempt, itemIndex, timeoutSeconds: timeout }, this);
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

function logsOf(e: unknown): string[] | undefined {
  const logs = (e as { logs?: unknown } | undefined)?.logs;
  return Array.isArray(logs) ? logs as string[] : undefined;
}

interface Signal { stopped: boolean; readonly parent?: Signal }
const ROOT: Signal = { stopped: false };
function stopped(s: Signal | undefined): boolean {
  for (let x = s; x; x = x.parent) if (x.stopped) return true;
  return false;
}

function errorMatches(list: readonly string[], error: string): boolean {
  return list.some((e) => e === error || e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout' && !error.startsWith('States.Runtime')));
}

/** Any thrown value as an ASL error: a handler's error is matched by its name, as Lambda does. */
function asStatesError(e: unknown): StatesError {
  if (e instanceof StatesError) return e;
  if (e instanceof Error) {
    return new StatesError(e.name || 'Error', JSON.stringify({ errorMessage: e.message, errorType: e.name || 'Error' }));
  }
  return new StatesError('Error', JSON.stringify({ errorMessage: String(e) }));
}
