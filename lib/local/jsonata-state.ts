import { StatesError, UnsupportedError } from './errors';
import { assign, evalJsonata } from './jsonata';
import {
  asStatesError, EPOCH, errorMatches, flatten, Json, JSONATA_COMMON, JSONATA_FIELDS, Machine, Signal, State,
} from './states';

/** What a JSONata state needs from the running execution. */
export interface JsonataHost {
  entered(type: string, name: string): void;
  exited(type: string, name: string, error?: string): void;
  now(): number;
  sleep(seconds: number): Promise<void>;
  aborted(): boolean;
  context(input: Json, extra: Record<string, unknown>, name: string, attempt: number, entered: number): unknown;
  retryDelay(retriers: readonly State[], counts: number[], err: StatesError): number | undefined;
  runTask(name: string, state: State, input: Json, extra: Record<string, unknown>, attempt: number, entered: number, args: Json): Promise<Json>;
  runMachine(m: Machine, input: Json, extra: Record<string, unknown>, signal: Signal, vars: Record<string, unknown>, ql: string): Promise<Json>;
  runMap(name: string, state: State, items: Json, extra: Record<string, unknown>, attempt: number, signal: Signal, entered: number,
    vars: Record<string, unknown>, ql: string): Promise<Json>;
}

/**
 * A state in the JSONata query language: Arguments / Output / Assign / Condition / Items fields,
 * `{% %}` expressions over `$states` (input, result, errorOutput, context) and the variables.
 */
export async function runJsonataState(h: JsonataHost, name: string, state: State, input: Json, extra: Record<string, unknown>, signal: Signal,
vars: Record<string, unknown>, ql: string): Promise<{ output: Json; next?: string }> {
  const type = String(state.Type);
  const allowed = JSONATA_FIELDS[type];
  if (!allowed) throw new UnsupportedError(name, `state type ${type}`);
  for (const k of Object.keys(state)) {
    if (!JSONATA_COMMON.includes(k) && !allowed.includes(k)) throw new UnsupportedError(name, `field ${k} on a JSONata ${type} state`);
  }
  h.entered(type, name);
  const entered = h.now();
  const bind = (more: Record<string, unknown> = {}, attempt = 0) => ({
    ...flatten(vars),
    states: { input, context: h.context(input, extra, name, attempt, entered), ...more },
  });
  const next = state.End ? undefined : state.Next as string | undefined;
  const done = async (output: Json, b: Record<string, unknown>, to = next) => {
    await assign(state.Assign, b, vars);
    h.exited(type, name);
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
        : Math.max(0, (Date.parse(String(await evalJsonata(state.Timestamp, b))) - (EPOCH + h.now() * 1000)) / 1000);
      await h.sleep(seconds);
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
        result = await h.runTask(name, { ...state, Parameters: undefined }, input, extra, attempt, entered, args);
      } else if (type === 'Parallel') {
        const branchInput = state.Arguments !== undefined ? await evalJsonata(state.Arguments, b) : input;
        const sig: Signal = { stopped: false, parent: signal };
        result = await Promise.all((state.Branches as Machine[]).map((br) => h.runMachine(br, branchInput, extra, sig, Object.create(vars), ql)
          .catch((e: unknown) => { sig.stopped = true; throw e; })));
      } else {
        const items = state.Items !== undefined ? await evalJsonata(state.Items, b) : input;
        result = await h.runMap(name, { ...state, Items: undefined, ItemsPath: undefined, ItemSelector: undefined }, items, extra, attempt, signal, entered, vars, ql);
      }
      const rb = bind({ result }, attempt);
      return await done(state.Output !== undefined ? await evalJsonata(state.Output, rb) : result, rb);
    } catch (e) {
      if (h.aborted() || (e instanceof Error && e.name === 'UnsupportedError')) throw e;
      const err = asStatesError(e);
      if (err.error === 'States.Runtime' || err.error === 'States.QueryEvaluationError') throw err;
      const delay = h.retryDelay(retriers, counts, err);
      if (delay !== undefined) { await h.sleep(delay); continue; }
      const c = ((state.Catch ?? []) as State[]).find((x) => errorMatches(x.ErrorEquals, err.error));
      if (!c) throw err;
      const errorOutput = { Error: err.error, Cause: err.cause };
      const cb = bind({ errorOutput });
      await assign(c.Assign, cb, vars);
      h.exited(type, name, err.error);
      return { output: c.Output !== undefined ? await evalJsonata(c.Output, cb) : errorOutput, next: c.Next };
    }
  }
}

