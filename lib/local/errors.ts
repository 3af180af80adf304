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
