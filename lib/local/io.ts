import type { AslCatcher } from '../model/asl';
import { asStatesError, runtimeError, StatesError, UnsupportedError } from './errors';
import { EventLog, HISTORY_QUOTA_REACHED } from './history';
import type { EvalScope } from './intrinsics';
import { evalField } from './jsonata-field';
import { notFoundDetail, readPath, writePath } from './jsonpath';
import type { StateEnv } from './runtime';
import { iso } from './timestamps';
import type { Json } from './types';
import { flatten } from './variables';
import { readRef, renderTemplate } from './template';

const PREFIX = 'An error occurred while executing the state ';
const RETRYING = new Set(['Task', 'Parallel', 'Map']);

/**
 * The one input/output processor of a state entry, for both query languages:
 * JSONPath: InputPath → Parameters → (work) → ResultSelector → Assign → ResultPath → OutputPath;
 * JSONata: Arguments → (work) → Assign and Output over `$states` (input, result, errorOutput,
 * context) and the variables. Handlers say what the state's work is; this class does the rest.
 */
export class StateIo {
  private attempt = 0;
  private more: Record<string, unknown> = {};
  private effective: Json;
  private hasEffective = false;

  constructor(readonly env: StateEnv) {}

  /** Where this state's history events go: the execution's history, or a Distributed Map child's. */
  get history(): EventLog {
    return this.env.frame.events ?? this.env.rt.history;
  }

  get jsonata(): boolean {
    return this.env.ql === 'JSONata';
  }

  /** Sets `$$.State.RetryCount`. */
  setAttempt(n: number): void {
    this.attempt = n;
  }

  /** Adds context-object fields for what follows (`Task.Token`). */
  withContext(more: Record<string, unknown>): void {
    this.more = { ...this.more, ...more };
  }

  /** A view of this state entry whose context object also has `more` (`Map.Item` of one item). */
  withItem(more: Record<string, unknown>): StateIo {
    const view = Object.create(this) as StateIo;
    view.more = { ...this.more, ...more };
    return view;
  }

  /** The context object, as `$$` (JSONPath) and `$states.context` (JSONata) read it. */
  context(): Record<string, unknown> {
    const { env } = this;
    // As recorded on AWS: only states that can retry (Task, Parallel, Map) carry State.RetryCount.
    const state: Record<string, unknown> = { Name: env.name, EnteredTime: iso(env.entered) };
    if (RETRYING.has(env.state.Type)) state.RetryCount = this.attempt;
    return { ...env.rt.contextBase, ...env.frame.extra, ...this.more, State: state };
  }

  /** JSONPath: the input after InputPath; JSONata: the state input. */
  effectiveInput(): Json {
    if (this.hasEffective) return this.effective;
    const { state, input } = this.env;
    this.effective = this.jsonata || state.InputPath === undefined ? input
      : state.InputPath === null ? {} : this.path(state.InputPath, input);
    this.hasEffective = true;
    return this.effective;
  }

  /**
   * A payload field (Parameters / Arguments / ItemSelector / ResultSelector...) over `input`:
   * JSONPath templates render `.$` keys; JSONata evaluates `{% %}` with `$states.input` = input.
   */
  async payload(field: string, value: unknown, input: Json, states: Record<string, unknown> = {}): Promise<Json> {
    if (this.jsonata) return evalField(value, this.bindings({ input: this.env.input, ...states }), field, this.env.rt.random);
    return renderTemplate(value, this.scope(input), this.env.frame.vars);
  }

  /**
   * A state option given literally, by its `<field>Path` (JSONPath, read from the effective input)
   * or as a JSONata expression: TimeoutSeconds, HeartbeatSeconds, MaxConcurrency, Seconds...
   */
  async option(field: string): Promise<unknown> {
    const { state } = this.env;
    const path = state[`${field}Path`];
    if (!this.jsonata && typeof path === 'string') {
      try {
        return readRef(path, this.effectiveInput(), this.context(), this.env.frame.vars);
      } catch (e) {
        if (!(e instanceof StatesError) || e.error !== 'States.Runtime') throw e;
        // A Task's timeouts word it as the JSONPath library does; Wait's SecondsPath as recorded
        // (localstack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json).
        if (field === 'TimeoutSeconds' || field === 'HeartbeatSeconds') throw new StatesError('States.Runtime', `Invalid path '${path}' : ${notFoundDetail(path, this.effectiveInput())}`);
        throw new StatesError('States.Runtime', `The ${field}Path parameter does not reference an input value: ${path}`);
        throw e;
      }
    }
    const v = state[field];
    return this.jsonata && v !== undefined ? evalField(v, this.bindings({ input: this.env.input }), field, this.env.rt.random) : v;
  }

  /**
   * The state's output from its result, and its Assign applied. `resultPath`: JSONPath states that
   * produce a result (Pass, Task, Map, Parallel) place it with ResultPath; others output their
   * effective input. JSONata: Output (default: the result) over `$states.result`.
   */
  async finish(result: Json,
    o: { resultPath: boolean; rule?: { Assign?: unknown; Output?: unknown }; prefix?: string } = { resultPath: false }): Promise<Json> {
    const { state, input, frame } = this.env;
    const assign = o.rule ? o.rule.Assign : state.Assign;
    const prefix = o.prefix ?? '';
    let output: Json;
    if (this.jsonata) {
      const b = this.bindings(o.resultPath ? { input, result } : { input });
      const outField = o.rule ? o.rule.Output : state.Output;
      const values = assign !== undefined ? await evalField(assign, b, `${prefix}Assign`, this.env.rt.random) as Record<string, unknown> : undefined;
      output = outField !== undefined ? await evalField(outField, b, `${prefix}Output`, this.env.rt.random) : result;
      if (values) Object.assign(frame.vars, values);
    } else {
      const selected = o.resultPath && state.ResultSelector !== undefined ? renderTemplate(state.ResultSelector, this.scope(result), frame.vars) : result;
      // Assign reads the result, but like JSONata's its values are visible only from the next state on.
      const values = this.assignJsonPath(assign, selected);
      let out = o.resultPath ? this.resultPath(state.ResultPath, input, selected) : selected;
      if (state.OutputPath === null) out = {};
      else if (state.OutputPath !== undefined) out = this.path(state.OutputPath, out);
      output = out;
      if (values) Object.assign(frame.vars, values);
    }
    this.history.add(`${state.Type}StateExited`, this.env.name, undefined, undefined, { entry: this.env.eventId });
    return output;
  }

  /** A matched Catch: the error output placed by ResultPath (JSONPath) or Output (JSONata), its Assign applied. */
  async caught(catcher: AslCatcher, index: number, err: StatesError): Promise<Json> {
    const errorOutput: Record<string, unknown> = { Error: err.error };
    if (err.cause !== undefined) errorOutput.Cause = err.cause;
    const { input, frame } = this.env;
    if (this.jsonata) {
      const b = this.bindings({ input, errorOutput });
      const values = catcher.Assign !== undefined ? await evalField(catcher.Assign, b, `Catch[${index}]/Assign`, this.env.rt.random) as Record<string, unknown> : undefined;
      const out = catcher.Output !== undefined ? await evalField(catcher.Output, b, `Catch[${index}]/Output`, this.env.rt.random) : errorOutput;
      if (values) Object.assign(frame.vars, values);
      return out;
    }
    const values = this.assignJsonPath(catcher.Assign, errorOutput);
    const out = this.resultPath(catcher.ResultPath === undefined ? '$' : catcher.ResultPath, input, errorOutput);
    if (values) Object.assign(frame.vars, values);
    return out;
  }

  /** JSONata bindings: the variables and `$states`. */
  bindings(states: Record<string, unknown>): Record<string, unknown> {
    return { ...flatten(this.env.frame.vars), states: { ...states, context: this.context() } };
  }

  /**
   * What JSONPath templates and intrinsics read, over `input`; it also carries `vars` (the workflow
   * variables) so intrinsic arguments can resolve `$name` references.
   */
  scope(input: Json): EvalScope & { readonly vars: Record<string, unknown> } {
    let context: Record<string, unknown> | undefined;
    const contextOf = () => this.context();
    return { input, get context() { return context ??= contextOf(); }, random: this.env.rt.random, vars: this.env.frame.vars };
  }

  /**
   * Any error raised while running this state, as an ASL error: evaluation errors
   * (States.Runtime, States.QueryEvaluationError) get AWS's prefix naming the state once.
   */
  stateError(e: unknown): StatesError {
    if (e instanceof UnsupportedError) throw e;
    if (e === HISTORY_QUOTA_REACHED) return HISTORY_QUOTA_REACHED;
    const err = asStatesError(e);
    if ((err.error === 'States.Runtime' || err.error === 'States.QueryEvaluationError') && err.cause !== undefined && !err.cause.startsWith(PREFIX)) {
      const prefixed = runtimeError(this.env.name, this.env.eventId, err.cause);
      return new StatesError(err.error, prefixed.cause, err.durationSeconds);
    }
    return err;
  }

  /** The values of a JSONPath Assign block over `current` (`$`); the caller commits them. */
  private assignJsonPath(assign: unknown, current: Json): Record<string, unknown> | undefined {
    if (assign === undefined) return undefined;
    return renderTemplate(assign, this.scope(current), this.env.frame.vars) as Record<string, unknown>;
  }

  private resultPath(path: string | null | undefined, input: Json, result: Json): Json {
    if (path !== undefined && path !== null && path !== '$' && (input === null || typeof input !== 'object' || Array.isArray(input))) {
      throw new StatesError('States.ResultPathMatchFailure',
        `Unable to apply ResultPath "${path}" to input ${JSON.stringify(input)}`);
    }
    return writePath(input, path, result);
  }

  private path(path: string, data: Json): Json {
    try {
      return path.startsWith('$$') || /^\$[A-Za-z_]/.test(path) ? readRef(path, data, this.context(), this.env.frame.vars) : readPath(data, path);
    } catch (e) {
      if (!(e instanceof StatesError) || e.error !== 'States.Runtime' || e.cause?.startsWith('Invalid path')) throw e;
      throw new StatesError('States.Runtime', `Invalid path '${path}' : ${notFoundDetail(path, data)}`);
    }
  }
}
