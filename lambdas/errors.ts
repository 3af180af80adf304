/**
 * Typed errors for task handlers. Step Functions matches Retry and Catch on the error's `name`
 * (Lambda reports it as errorType), so each sets its name as a string literal that survives
 * minification (a class name would not).
 */

/** What a task error may carry besides its message. */
export interface TaskErrorOptions {
  /** The error that caused this one (standard `Error.cause`). */
  readonly cause?: unknown;
  /** Structured facts for the log line and the dead letter (ids, counts, status codes). */
  readonly details?: Record<string, unknown>;
}

/** The base of the typed errors: message, optional cause and details. */
abstract class TaskError extends Error {
  declare readonly details?: Record<string, unknown>;
  protected constructor(message: string, options: TaskErrorOptions = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    if (options.details !== undefined) this.details = options.details;
  }
}

/** A blip (throttling, a reset connection): retried quickly with backoff. */
export class TransientError extends TaskError {
  constructor(message: string, options?: TaskErrorOptions) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Bad input: retrying will not help; the task fails fast to the dead-letter queue. */
export class ValidationError extends TaskError {
  constructor(message: string, options?: TaskErrorOptions) {
    super(message, options);
    this.name = 'ValidationError';
  }
}

/** A quota or capacity is exhausted: retried after long delays. */
export class ResourceExhaustedError extends TaskError {
  constructor(message: string, options?: TaskErrorOptions) {
    super(message, options);
    this.name = 'ResourceExhaustedError';
  }
}

/** A dependency is down: retried over minutes. */
export class UpstreamDependencyError extends TaskError {
  constructor(message: string, options?: TaskErrorOptions) {
    super(message, options);
    this.name = 'UpstreamDependencyError';
  }
}

/** The error class names the retry policies match. */
export const ERROR_CLASSES = ['TransientError', 'ValidationError', 'ResourceExhaustedError', 'UpstreamDependencyError'] as const;
