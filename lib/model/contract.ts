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
  /** Seconds an idempotency record answers retries (covers the execution's worst case and redrive window). */
  idempotencyExpirySeconds: 'DAGSTEP_IDEMPOTENCY_EXPIRY_SECONDS',
  /** Powertools: the metrics namespace. */
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** JSON map of the task's secret names to their references (never values): lambdas/secrets.ts reads it. */
  secrets: 'DAGSTEP_SECRETS',
  /** Seconds a secret value stays cached in the function. */
  secretsMaxAge: 'DAGSTEP_SECRETS_MAX_AGE',
  /** The claim-check bucket large results are stored in (functions and containers). */
  resultBucket: 'DAGSTEP_RESULT_BUCKET',
  /** Results bigger than this many bytes (UTF-8 JSON) are stored in the bucket. */
  resultThresholdBytes: 'DAGSTEP_RESULT_THRESHOLD_BYTES',
  /** Containers: the key their result must be written to (JSON) in the result bucket. */
  resultKey: 'DAGSTEP_RESULT_KEY',
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

/** A result stored in the result bucket travels as `{ "$dagstep.ref": "s3://bucket/key", "size": bytes }`. */
export const RESULT_REF_KEY = '$dagstep.ref';
/** Key prefix of every stored result (functions may read and write under it only). */
export const RESULT_PREFIX = 'results/';
/** Default claim-check threshold: well under Step Functions' 256 KB state limit. */
export const DEFAULT_RESULT_THRESHOLD_BYTES = 65_536;

/**
 * The ends of an execution that did not succeed: the statuses the dead-letter guard's rule listens
 * for (ASL cannot catch them into a dead letter), the guard, its sweep and `dlq redrive` letter or
 * recover, and the ones RedriveExecution restarts ("RedriveExecution": "unsuccessful executions ...
 * failed, aborted, or timed out", Step Functions API reference). Any other status has succeeded or
 * is still running.
 */
export const UNSUCCESSFUL_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type UnsuccessfulStatus = (typeof UNSUCCESSFUL_STATUSES)[number];
/** True for {@link UNSUCCESSFUL_STATUSES}. */
export const isUnsuccessful = (status: string | undefined): status is UnsuccessfulStatus =>
  (UNSUCCESSFUL_STATUSES as readonly (string | undefined)[]).includes(status);

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

/** How the CLI finds a deployed workflow: the SSM parameter and tags the Workflow construct writes. */
export const DISCOVERY = {
  /** SSM parameter `/dagstep/<workflow>`: JSON {stateMachineArn, aliasArn?, deadLetterQueueUrl, region}. */
  parameterPrefix: '/dagstep/',
  /** Tag on the workflow's state machine: its workflow name. */
  workflowTag: 'dagstep:workflow',
  /** Tag on the workflow's state machine: the URL of its dead-letter queue. */
  deadLetterQueueTag: 'dagstep:dead-letter-queue',
  /** The alias `dagstep start` and `backfill` target when the workflow has one. */
  liveAlias: 'live',
} as const;
/**
 * Concurrency limits and triggers (lib/compile/concurrency.ts, lib/constructs/concurrency.ts,
 * lambdas/concurrency.ts): the slot items, the metrics of runs that could not start at once, the
 * environment of the release and dispatch functions and the skip error.
 */
export const CONCURRENCY = {
  /** Key prefix of the slot items (`slot#0` .. `slot#<max-1>`) in the concurrency table. */
  slotPrefix: 'slot#',
  /** Attribute holding the execution ARN that owns a slot. */
  ownerAttribute: 'owner',
  /** Attribute holding when the owner took the slot. */
  sinceAttribute: 'since',
  /** The error name of a skipped run's dead letter. */
  skippedError: 'Dagstep.RunSkipped',
  /** Log message of the release/dispatch functions. */
  released: 'concurrency slot released',
  dispatched: 'queued run started',
  stillBusy: 'queued run waits: every slot is taken',
} as const;

/**
 * Metrics of runs that could not start at once, in the namespace {@link runMetricsNamespace} (no
 * dimensions): queued/skipped come from metric filters on the state machine log, the others from
 * the release and dispatch functions (EMF).
 */
export const RUN_METRICS = {
  queued: 'RunsQueued',
  skipped: 'RunsSkipped',
  dispatched: 'QueuedRunsStarted',
  slotsReleased: 'SlotsReleased',
} as const;

/** Environment of the concurrency functions. */
export const CONCURRENCY_ENV = {
  table: 'DAGSTEP_CONCURRENCY_TABLE',
  maxExecutions: 'DAGSTEP_MAX_EXECUTIONS',
  /** The ARN queued runs are started on (the `live` alias). */
  target: 'DAGSTEP_START_TARGET',
} as const;

/** Environment of the execution starter (lambdas/execution-starter.ts): what it starts, the `live` alias. */
export const STARTER_ENV = { target: CONCURRENCY_ENV.target } as const;

/** Namespace of a workflow's run metrics (RUN_METRICS): `dagstep/<workflow>`. */
export const runMetricsNamespace = (workflow: string): string => `${METRICS_NAMESPACE}/${workflow}`;
/** Error names dagstep itself raises in compiled workflows and in its guard (see README "Failures"). */
export const DAGSTEP_ERRORS = {
  /** The dead-letter send failed after its retries; the guard sends the letter carried in the cause. */
  deadLetterUndeliverable: 'dagstep.DeadLetterUndeliverable',
  /** An execution stopped by StopExecution (Step Functions gives it no error name). */
  executionAborted: 'dagstep.ExecutionAborted',
  /** Items of a Distributed Map failed within its tolerated percentage (a `map-items` letter). */
  mapItemsFailed: 'dagstep.MapItemsFailed',
  /** Powertools: a retry found the first attempt's idempotency record still in progress. */
  idempotencyInProgress: 'IdempotencyAlreadyInProgressError',
  /** An approval task's reviewer rejected (`dagstep reject`); the Cause is `{by, at, comment}`. */
  rejected: 'dagstep.Rejected',
} as const;

/** Metric (namespace {@link METRICS_NAMESPACE}, dimensions workflow, task) of a primary task rescued by its fallback. */
export const FALLBACK_RESCUED_METRIC = 'FallbackRescued';

/** Environment of the dead-letter guard function. */
export const GUARD_ENV = {
  queueUrl: 'DAGSTEP_DEAD_LETTER_QUEUE_URL',
  markerTable: 'DAGSTEP_GUARD_MARKER_TABLE',
  /** The sweep: ARN of the root state machine whose ended executions it reconciles. */
  stateMachineArn: 'DAGSTEP_SWEEP_STATE_MACHINE_ARN',
  /** The sweep: how far back (seconds of start time) it looks: execution timeout + redrive window + a day. */
  lookbackSeconds: 'DAGSTEP_SWEEP_LOOKBACK_SECONDS',
} as const;

/** The metric the sweep emits for letters it sent that the status-change events had missed (alarmed). */
export const SWEEP_RECOVERED_METRIC = 'GuardSweepRecovered';

/** Environment of the callback functions (waitFor and approval tasks, see lambdas/callbacks/). */
export const CALLBACK_ENV = {
  /** The table of task tokens waiting for their event or decision. */
  tokenTable: 'DAGSTEP_CALLBACK_TABLE',
} as const;

/** TTL attribute (epoch seconds) of the callback table's items. */
export const CALLBACK_TTL_ATTRIBUTE = 'expiresAt';

/** Keys of the callback table: a `waitFor` token by task and correlation value, and an event that came before its task was waiting. */
export const callbackKeys = {
  waiting: (taskId: string, correlation: string): string => `wait#${taskId}#${correlation}`,
  earlyEvent: (taskId: string, correlation: string): string => `event#${taskId}#${correlation}`,
} as const;

/** SNS message attributes of an approval's notification: the CLI reads them back from the execution history. */
export const APPROVAL_ATTRIBUTES = {
  taskToken: 'dagstep.taskToken',
  approvers: 'dagstep.approvers',
} as const;

/** What an approval task's result is (and a rejection's Cause, as JSON). */
export interface ApprovalDecision {
  readonly decision: 'approved' | 'rejected';
  /** The IAM ARN of who decided (STS GetCallerIdentity of the CLI's credentials). */
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  readonly comment?: string;
}
