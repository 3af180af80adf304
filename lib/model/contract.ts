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
  /** The claim-check bucket large results are stored in (functions and containers). */
  resultBucket: 'DAGSTEP_RESULT_BUCKET',
  /** Results bigger than this many bytes (UTF-8 JSON) are stored in the bucket. */
  resultThresholdBytes: 'DAGSTEP_RESULT_THRESHOLD_BYTES',
  /** Containers: the key their result must be written to (JSON) in the result bucket. */
  resultKey: 'DAGSTEP_RESULT_KEY',
} as const;

/** A result stored in the result bucket travels as `{ "$dagstep.ref": "s3://bucket/key", "size": bytes }`. */
export const RESULT_REF_KEY = '$dagstep.ref';
/** Key prefix of every stored result (functions may read and write under it only). */
export const RESULT_PREFIX = 'results/';
/** Default claim-check threshold: well under Step Functions' 256 KB state limit. */
export const DEFAULT_RESULT_THRESHOLD_BYTES = 65_536;

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
} as const;
