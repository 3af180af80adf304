import { StatesError } from './errors';

/** JSON as the engine passes it around. */
export type Json = unknown;
/** A state of a definition, as parsed JSON. */
export type State = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A (sub-)state machine: top level, a Parallel branch or a Map item processor. */
export interface Machine { StartAt: string; States: Record<string, State>; TimeoutSeconds?: number; QueryLanguage?: string }

export const EPOCH = Date.UTC(2026, 0, 1);
export const EXECUTION_TIMEOUT = new StatesError('States.Timeout', 'the execution ran past the state machine TimeoutSeconds');
/** Thrown into the run when RunOptions.abortAfterSeconds passes. */
export const EXECUTION_ABORTED = new StatesError('States.Aborted', '');
export const FIELDS: Record<string, string[]> = {
  Pass: ['Result', 'ResultPath', 'Parameters'],
  Task: ['Resource', 'Parameters', 'ResultPath', 'ResultSelector', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds'],
  Parallel: ['Branches', 'Parameters', 'ResultPath', 'ResultSelector', 'Retry', 'Catch'],
  Map: ['Iterator', 'ItemProcessor', 'ItemsPath', 'ItemSelector', 'Parameters', 'MaxConcurrency', 'ResultPath', 'ResultSelector', 'Retry', 'Catch', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label', 'ItemReader'],
  Choice: ['Choices', 'Default'],
  Wait: ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  Succeed: [],
  Fail: ['Error', 'Cause', 'ErrorPath', 'CausePath'],
};
export const COMMON = ['Type', 'Comment', 'Next', 'End', 'InputPath', 'OutputPath', 'QueryLanguage'];
export const JSONATA_COMMON = ['Type', 'Comment', 'Next', 'End', 'QueryLanguage', 'Assign', 'Output'];
export const JSONATA_FIELDS: Record<string, string[]> = {
  Pass: [], Succeed: [], Fail: ['Error', 'Cause'], Wait: ['Seconds', 'Timestamp'], Choice: ['Choices', 'Default'],
  Task: ['Resource', 'Arguments', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds'],
  Parallel: ['Branches', 'Arguments', 'Retry', 'Catch'],
  Map: ['Items', 'ItemProcessor', 'Iterator', 'MaxConcurrency', 'Retry', 'Catch', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label'],
};
/** Variables visible in a scope: its own and its enclosing scopes' (prototype chain). */
export function flatten(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // eslint-disable-next-line guard-for-in
  for (const k in vars) out[k] = vars[k];
  return out;
}
/** States whose fields were checked once (a Map runs its item states thousands of times). */
export const VALIDATED = new WeakSet<object>();
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

export interface Signal { stopped: boolean; readonly parent?: Signal }
export const ROOT: Signal = { stopped: false };
export function stopped(s: Signal | undefined): boolean {
  for (let x = s; x; x = x.parent) if (x.stopped) return true;
  return false;
}

export function errorMatches(list: readonly string[], error: string): boolean {
  // States.ALL and States.TaskFailed never match the terminal States.DataLimitExceeded and States.Runtime.
  const terminal = error === 'States.DataLimitExceeded' || error === 'States.Runtime';
  return list.some((e) => e === error || (!terminal && (e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout'))));
}

/** Any thrown value as an ASL error: a handler's error is matched by its name, as Lambda does. */
export function asStatesError(e: unknown): StatesError {
  if (e instanceof StatesError) return e;
  if (e instanceof Error) {
    return new StatesError(e.name || 'Error', JSON.stringify({ errorMessage: e.message, errorType: e.name || 'Error' }));
  }
  return new StatesError('Error', JSON.stringify({ errorMessage: String(e) }));
}

/** The wait before the next attempt when a retrier matches and has attempts left, else undefined. */
export function retryDelay(retriers: readonly State[], counts: number[], err: StatesError, random: () => number): number | undefined {
  const r = retriers.findIndex((x) => errorMatches(x.ErrorEquals, err.error));
  if (r < 0 || counts[r] >= (retriers[r].MaxAttempts ?? 3)) return undefined;
  const x = retriers[r];
  let delay = (x.IntervalSeconds ?? 1) * Math.pow(x.BackoffRate ?? 2, counts[r]);
  if (x.MaxDelaySeconds !== undefined) delay = Math.min(delay, x.MaxDelaySeconds);
  if (x.JitterStrategy === 'FULL') delay = random() * delay;
  counts[r]++;
  return delay;
}
