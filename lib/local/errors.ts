/** An error raised while running a state: `error` is the ASL error name Retry/Catch match on. */
export class StatesError extends Error {
  /** `cause` undefined: none recorded (timeouts, a Fail state without Cause), as AWS leaves it out. */
  constructor(readonly error: string, readonly cause?: string, readonly durationSeconds = 0) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = error;
  }
}

/**
 * `States.Runtime` raised by a state: the cause carries AWS's prefix naming the state and the
 * event id it was entered at.
 */
export function runtimeError(stateName: string, enteredEventId: number, detail: string): StatesError {
  return new StatesError('States.Runtime', `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${detail}`);
}

/**
 * RedriveExecution refused, as Step Functions refuses it (ExecutionNotRedrivable, with
 * DescribeExecution's redriveStatusReason as the reason).
 */
export class ExecutionNotRedrivable extends Error {
  constructor(readonly executionArn: string, readonly reason: string) {
    super(`execution ${executionArn} cannot be redriven: ${reason}`);
    this.name = 'ExecutionNotRedrivable';
  }
}

/** A definition the engine cannot run: fails loudly, naming the state. */
export class UnsupportedError extends Error {
  constructor(state: string, what: string) {
    super(`state "${state}": ${what} is not supported by the dagstep local engine`);
    this.name = 'UnsupportedError';
  }
}

/**
 * A JSONata evaluation that failed (an error, or an expression that returned nothing or the wrong
 * type): `States.QueryEvaluationError` with the cause worded like Step Functions ("The JSONata
 * expression '$x' specified for the field 'Output' returned nothing (undefined)."). It is a
 * StatesError, so Retry/Catch match it by its `error` name like any other.
 */
export class QueryEvaluationError extends StatesError {
  constructor(cause: string) {
    super('States.QueryEvaluationError', cause);
  }
}

/** Step Functions' payload quota: 256 KiB of UTF-8 JSON per state input, output, task result or payload. */
export const PAYLOAD_LIMIT_BYTES = 262_144;

/** True when `value` as UTF-8 JSON is over {@link PAYLOAD_LIMIT_BYTES}; cheap for small values. */
export function exceedsPayloadLimit(value: unknown): boolean {
  if (value === null || typeof value !== 'object' && typeof value !== 'string') return false;
  let s: string | undefined;
  try {
    s = JSON.stringify(value);
  } catch (e) {
    if (e instanceof RangeError) throw new StatesError('States.Runtime', 'the data is nested too deeply for the local engine');
    throw e;
  }
  if (s === undefined || s.length * 3 <= PAYLOAD_LIMIT_BYTES) return false;
  // UTF-8 never takes fewer bytes than UTF-16 code units.
  return s.length > PAYLOAD_LIMIT_BYTES || Buffer.byteLength(s, 'utf8') > PAYLOAD_LIMIT_BYTES;
}

/** `States.DataLimitExceeded` as Step Functions reports it for a state or task. */
export function dataLimitExceeded(stateName: string): StatesError {
  return new StatesError('States.DataLimitExceeded',
    `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`);
}

/** Thrown into the run when the state machine's TimeoutSeconds pass (AWS's cause is empty). */
export const EXECUTION_TIMEOUT = new StatesError('States.Timeout', '');
/** Thrown into the run when RunOptions.abortAfterSeconds passes. */
export const EXECUTION_ABORTED = new StatesError('States.Aborted');

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

/** The log lines a failing handler attached to its error, if any. */
export function logsOf(e: unknown): string[] | undefined {
  const logs = (e as { logs?: unknown } | undefined)?.logs;
  return Array.isArray(logs) ? logs as string[] : undefined;
}
