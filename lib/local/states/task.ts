import { dataLimitExceeded, exceedsPayloadLimit, logsOf, StatesError, UnsupportedError } from '../errors';
import type { TaskCall } from '../integrations';
import type { StateIo } from '../io';
import { withRetry } from '../retry';
import type { StepResult, TokenOutcome } from '../runtime';
import type { Json } from '../types';

/**
 * Task: calls its resource (a RunOptions.mockTask, else a built-in integration) with Parameters /
 * Arguments, on the virtual clock; TimeoutSeconds(Path) and HeartbeatSeconds(Path) bound it;
 * `.waitForTaskToken` waits for the token; payload and result are held to 256 KB.
 */
export async function runTask(io: StateIo): Promise<StepResult> {
  const { state } = io.env;
  return withRetry(io, async (attempt) => {
    const result = await attemptTask(io, attempt);
    return { output: await io.finish(result, { resultPath: true }), next: state.End ? undefined : state.Next };
  });
}

async function attemptTask(io: StateIo, attempt: number): Promise<Json> {
  const { state, rt, name, frame } = io.env;
  const resource = String(state.Resource);
  let token: string | undefined;
  let outcome: Promise<TokenOutcome> | undefined;
  if (resource.endsWith('.waitForTaskToken')) {
    ({ token, outcome } = rt.waitForToken(name));
    io.withContext({ Task: { Token: token } });
  }
  const itemIndex = (frame.extra.Map as { Item?: { Index?: number } } | undefined)?.Item?.Index;
  let params: Json;
  let timeout: number | undefined;
  let heartbeat: number | undefined;
  try {
    const effective = io.effectiveInput();
    const field = io.jsonata ? 'Arguments' : 'Parameters';
    params = state[field] !== undefined ? await io.payload(field, state[field], effective) : effective;
    // (Skipped when absent: the hot path of a 10,000-item Map.)
    if (state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined) timeout = seconds(await io.option('TimeoutSeconds'), 'TimeoutSeconds', io.jsonata);
    if (state.HeartbeatSeconds !== undefined || state.HeartbeatSecondsPath !== undefined) heartbeat = seconds(await io.option('HeartbeatSeconds'), 'HeartbeatSeconds', io.jsonata);
  } catch (e) {
    if (token) rt.dropToken(token);
    throw e;
  }
  const start = rt.clock.now;
  try {
    const entry = { entry: io.env.eventId };
    io.history.add('TaskScheduled', name, undefined, undefined, { ...entry, input: params });
    io.history.add('TaskStarted', name, undefined, undefined, entry);
    if (exceedsPayloadLimit(params)) throw dataLimitExceeded(name);
    const call: TaskCall = { stateName: name, resource, params, attempt, itemIndex, timeoutSeconds: timeout };
    let r;
    try {
      r = await rt.call(call);
    } catch (e) {
      const d = (e as { durationSeconds?: number }).durationSeconds ?? 0;
      if (timeout !== undefined && d > timeout) {
        await rt.clock.sleep(timeout);
        throw Object.assign(new StatesError('States.Timeout', ''), { logs: logsOf(e) });
      }
      if (d > 0) await rt.clock.sleep(d);
      throw e;
    }
    if (timeout !== undefined && r.durationSeconds > timeout && (heartbeat === undefined || heartbeat >= timeout)) {
      await rt.clock.sleep(timeout);
      throw new StatesError('States.Timeout', '');
    }
    // An integration that sends no heartbeats (Lambda) fails once HeartbeatSeconds pass without one.
    if (heartbeat !== undefined && r.durationSeconds > heartbeat && !r.waitForToken) {
      await rt.clock.sleep(heartbeat);
      throw new StatesError('States.HeartbeatTimeout', '');
    }
    await rt.clock.sleep(r.durationSeconds);
    let output = r.output;
    if (r.waitForToken && outcome) {
      const o = await outcome;
      if (o.error !== undefined) throw new StatesError(o.error, o.cause);
      output = o.output;
    }
    // AWS names the task in the cause: a Lambda function ARN as such, a service integration by its service.
    if (exceedsPayloadLimit(output)) throw dataLimitExceeded(resource.startsWith('arn:aws:lambda:') ? resource : resource.startsWith('arn:aws:states:::') ? resource.split(':')[5] : name);
    rt.recordAttempt({ stateName: name, attempt, itemIndex, start, end: rt.clock.now, status: 'SUCCEEDED', logs: r.logs });
    io.history.add('TaskSucceeded', name, undefined, undefined, entry);
    return output;
  } catch (e) {
    if (token) rt.dropToken(token);
    if (e instanceof UnsupportedError) throw e;
    const err = io.stateError(e);
    rt.recordAttempt({ stateName: name, attempt, itemIndex, start, end: rt.clock.now, status: 'FAILED', error: err.error, logs: logsOf(e) });
    io.history.add(err.error === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed', name, err.error, err.cause, { entry: io.env.eventId });
    throw err;
  }
}

/** A positive integer number of seconds, or undefined when not set. */
function seconds(v: unknown, field: string, jsonata: boolean): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new StatesError(jsonata ? 'States.QueryEvaluationError' : 'States.Runtime', `The ${field} field must be a positive integer, but was: ${JSON.stringify(v)}`);
  }
  return v;
}
