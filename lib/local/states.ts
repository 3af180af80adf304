import type { AslMachine, AslRetrier, AslState } from '../model/asl';
import { StatesError } from './errors';

/** JSON as the engine passes it around. */
export type Json = unknown;
/** A state of a definition (typed ASL, shared with compile/checks). */
export type State = AslState;
/** A (sub-)state machine: top level, a Parallel branch or a Map item processor. */
export type Machine = AslMachine;

export const EPOCH = Date.UTC(2026, 0, 1);
/** Thrown into the run when the state machine's TimeoutSeconds pass (AWS's cause is empty). */
export const EXECUTION_TIMEOUT = new StatesError('States.Timeout', '');
/** Thrown into the run when RunOptions.abortAfterSeconds passes. */
export const EXECUTION_ABORTED = new StatesError('States.Aborted');

/** Variables visible in a scope: its own and its enclosing scopes' (prototype chain). */
export function flatten(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // eslint-disable-next-line guard-for-in
  for (const k in vars) out[k] = vars[k];
  return out;
}

const isoCache = new Map<number, string>();
/** Simulated seconds → ISO timestamp, cached (many states share a timestamp). */
export function iso(seconds: number): string {
  let v = isoCache.get(seconds);
  if (v === undefined) {
    v = new Date(EPOCH + seconds * 1000).toISOString();
    if (isoCache.size > 100000) isoCache.clear();
    isoCache.set(seconds, v);
  }
  return v;
}

export function logsOf(e: unknown): string[] | undefined {
  const logs = (e as { logs?: unknown } | undefined)?.logs;
  return Array.isArray(logs) ? logs as string[] : undefined;
}

/** Stops a branch or iteration at its next state once a sibling (or the enclosing state) failed. */
export interface Signal { stopped: boolean; readonly parent?: Signal }
export const ROOT: Signal = { stopped: false };
export function stopped(s: Signal | undefined): boolean {
  for (let x = s; x; x = x.parent) if (x.stopped) return true;
  return false;
}

/**
 * Retry/Catch matching as AWS documents it: States.ALL and States.TaskFailed never match the
 * terminal States.Runtime; States.TaskFailed does not match States.Timeout or
 * States.DataLimitExceeded; a heartbeat expiry also matches States.Timeout. States.ALL does take a
 * Task's States.DataLimitExceeded, as AWS recorded (localstack
 * tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json).
 */
export function errorMatches(list: readonly string[], error: string): boolean {
  const terminal = error === 'States.Runtime';
  return list.some((e) => e === error
    || (e === 'States.Timeout' && error === 'States.HeartbeatTimeout')
    || (!terminal && (e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout' && error !== 'States.HeartbeatTimeout' && error !== 'States.DataLimitExceeded'))));
}

/**
 * Any thrown value as an ASL error, by class: a StatesError (QueryEvaluationError included) as is,
 * any other Error (a handler's) by its name, as Lambda reports it.
 */
export function asStatesError(e: unknown): StatesError {
  if (e instanceof StatesError) return e;
  if (e instanceof Error) {
    return new StatesError(e.name || 'Error', JSON.stringify({ errorMessage: e.message, errorType: e.name || 'Error' }));
  }
  return new StatesError('Error', JSON.stringify({ errorMessage: String(e) }));
}

/** The wait before the next attempt when a retrier matches and has attempts left, else undefined. */
export function retryDelay(retriers: readonly AslRetrier[], counts: number[], err: StatesError, random: () => number): number | undefined {
  const r = retriers.findIndex((x) => errorMatches(x.ErrorEquals, err.error));
  if (r < 0 || counts[r] >= (retriers[r].MaxAttempts ?? 3)) return undefined;
  const x = retriers[r];
  let delay = (x.IntervalSeconds ?? 1) * Math.pow(x.BackoffRate ?? 2, counts[r]);
  if (x.MaxDelaySeconds !== undefined) delay = Math.min(delay, x.MaxDelaySeconds);
  if (x.JitterStrategy === 'FULL') delay = random() * delay;
  counts[r]++;
  return delay;
}
