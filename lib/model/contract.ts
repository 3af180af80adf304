/**
 * The string contract between the constructs (which deploy, alarm and query) and the Lambda-side
 * helpers (which log, emit metrics and throw): metric namespace and names, environment variable
 * names, error names and the log messages the saved queries read. Written once, here; both sides
 * import it (this module imports nothing, so it bundles into a Lambda at no cost).
 */

/** EMF namespace every task writes its metrics to. */
export const METRICS_NAMESPACE = 'dagstep';

/** The per-task metrics the Lambda wrapper emits (dimensions: service, workflow, task[, errorClass]). */
export const TASK_METRICS = {
  succeeded: 'TaskSucceeded',
  failed: 'TaskFailed',
  durationMs: 'TaskDurationMs',
  retried: 'TaskRetried',
} as const;
export type TaskMetricName = (typeof TASK_METRICS)[keyof typeof TASK_METRICS];

/** Environment variables the constructs set and the Lambda helpers read. */
export const ENV = {
  /** The workflow's name (metric dimension, log key). */
  workflow: 'DAGSTEP_WORKFLOW',
  /** The idempotency table of a workflow with idempotent tasks. */
  idempotencyTable: 'DAGSTEP_IDEMPOTENCY_TABLE',
  /** Powertools: the metrics namespace. */
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** JSON map of the task's secret names to their references (never values): lambdas/secrets.ts reads it. */
  secrets: 'DAGSTEP_SECRETS',
  /** Seconds a secret value stays cached in the function. */
  secretsMaxAge: 'DAGSTEP_SECRETS_MAX_AGE',
} as const;

/**
 * The coordination table's TTL attribute (epoch seconds): the cross-branch wait items an
 * execution writes carry it so DynamoDB deletes them after the execution can no longer run.
 */
export const COORDINATION_TTL_ATTRIBUTE = 'expiresAt';

/**
 * `Symbol.for(LOCAL_SECRETS_KEY)` on globalThis holds the secret values of a local run
 * (`dagstep run --secrets`): lambdas/secrets.ts reads them there and never calls AWS.
 */
export const LOCAL_SECRETS_KEY = 'dagstep.localSecrets';

/** The log messages the wrapper writes and the saved Logs Insights queries filter on. */
export const LOG_MESSAGES = {
  started: 'task started',
  succeeded: 'task succeeded',
  failed: 'task failed',
} as const;

/** The typed error names the retry policies match (lambdas/errors.ts sets them as `error.name`). */
export const ERROR_NAMES = {
  transient: 'TransientError',
  validation: 'ValidationError',
  resourceExhausted: 'ResourceExhaustedError',
  upstream: 'UpstreamDependencyError',
  /** A handler asked for a secret its task does not declare (or a local run has no value for). */
  secretNotDeclared: 'SecretNotDeclaredError',
} as const;
