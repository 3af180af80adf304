/** An error raised while running a state: `error` is the ASL error name Retry/Catch match on. */
export class StatesError extends Error {
  constructor(readonly error: string, readonly cause: string, readonly durationSeconds = 0) {
    super(`${error}: ${cause}`);
    this.name = error;
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
 * A JSONata expression failed to evaluate (lib/local/jsonata.ts throws it); the engine reports it
 * as `States.QueryEvaluationError` with `message` as the cause, the text AWS prints.
 */
export class QueryEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryEvaluationError';
  }
}

/** Step Functions' payload quota: 256 KiB of UTF-8 JSON per state input, output, task result or payload. */
export const PAYLOAD_LIMIT_BYTES = 262_144;

/** True when `value` as UTF-8 JSON is over {@link PAYLOAD_LIMIT_BYTES}; cheap for small values. */
export function exceedsPayloadLimit(value: unknown): boolean {
  if (value === null || typeof value !== 'object' && typeof value !== 'string') return false;
  const s = JSON.stringify(value);
  if (s === undefined || s.length * 3 <= PAYLOAD_LIMIT_BYTES) return false;
  // UTF-8 never takes fewer bytes than UTF-16 code units.
  return s.length > PAYLOAD_LIMIT_BYTES || Buffer.byteLength(s, 'utf8') > PAYLOAD_LIMIT_BYTES;
}

/** `States.DataLimitExceeded` as Step Functions reports it for a state or task. */
export function dataLimitExceeded(stateName: string): StatesError {
  return new StatesError('States.DataLimitExceeded',
    `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`);
}
