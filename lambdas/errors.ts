/**
 * Typed errors for task handlers. Step Functions matches Retry and Catch on the error's `name`
 * (Lambda reports it as errorType), so each sets its name as a literal that survives minification.
 */
export class TransientError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'TransientError';
  }
}

/** Bad input: retrying will not help; the task fails fast to the dead-letter queue. */
export class ValidationError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A quota or capacity is exhausted: retried after long delays. */
export class ResourceExhaustedError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'ResourceExhaustedError';
  }
}

/** A dependency is down: retried over minutes. */
export class UpstreamDependencyError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'UpstreamDependencyError';
  }
}

/** The error class names the retry policies match. */
export const ERROR_CLASSES = ['TransientError', 'ValidationError', 'ResourceExhaustedError', 'UpstreamDependencyError'] as const;
