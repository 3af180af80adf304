/**
 * Typed errors for task handlers. Step Functions matches Retry and Catch on the error's `name`
 * (Lambda reports it as errorType), so each sets its name as a string literal that survives
 * minification (a class name would not).
 */
import { ERROR_NAMES } from '../lib/model/contract';

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
    this.name = ERROR_NAMES.transient;
  }
}

/** Bad input: retrying will not help; the task fails fast to the dead-letter queue. */
export class ValidationError extends TaskError {
  constructor(message: string, options?: TaskErrorOptions) {
    super(message, options);
    this.name = ERROR_NAMES.validation;
  }
}

/** A quota or capacity is exhausted: retried after long delays. */
export class ResourceExhaustedError extends TaskError {
  constructor(message: string, options?: TaskErrorOptions) {
    super(message, options);
    this.name = ERROR_NAMES.resourceExhausted;
  }
}

/** A dependency is down: retried over minutes. */
export class UpstreamDependencyError extends TaskError {
  constructor(message: string, options?: TaskErrorOptions) {
    super(message, options);
    this.name = ERROR_NAMES.upstream;
  }
}

/** The error class names the retry policies match. */
export const ERROR_CLASSES = [ERROR_NAMES.transient, ERROR_NAMES.validation, ERROR_NAMES.resourceExhausted, ERROR_NAMES.upstream] as const;
