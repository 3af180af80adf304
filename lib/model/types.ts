/**
 * The workflow model: the one shape both front doors (the TypeScript DSL and spec files) produce.
 * Everything downstream (graph, compile, constructs, local engine, CLI) reads only this.
 */

/** Names of the built-in retry policies (see lib/model/retry-policies.ts). */
export type RetryPolicyName = 'default' | 'transient' | 'validation' | 'resource' | 'upstream' | 'none';

/** One ASL Retry rule, in model form (rendered 1:1 into a Retrier). */
export interface RetryRule {
  /** Error names matched (`error.name` of the handler's error, or Step Functions error codes). */
  readonly errors: readonly string[];
  /** Seconds before the first retry. */
  readonly intervalSeconds: number;
  /** Retries after the first attempt (ASL MaxAttempts). 0 = never retried. */
  readonly maxAttempts: number;
  /** Multiplier of the interval on each retry. */
  readonly backoffRate: number;
  /** Upper bound of one retry delay, in seconds. */
  readonly maxDelaySeconds?: number;
  /** FULL = AWS full jitter (delay drawn uniformly in [0, computed delay]). */
  readonly jitter: 'FULL' | 'NONE';
}

/** A retry policy: ordered rules; the first rule whose errors match an error applies. */
export interface RetryPolicy {
  /** The named policy it came from, if any (`transient`, ...), for reports and checks. */
  readonly name?: string;
  readonly rules: readonly RetryRule[];
}

/** Fan-out over an array. */
export interface MapConfig {
  /** JSONPath into the execution input (`$.orders`) or a dependency's result (`$.results.list_files.keys`). */
  readonly itemsPath: string;
  /** Most items in flight at once. @default 10 (0 = unlimited, flagged by `dagstep check`) */
  readonly maxConcurrency?: number;
  /** `inline` Map state or a Distributed Map (child executions). @default 'inline' */
  readonly mode?: 'inline' | 'distributed';
  /** Distributed only: percentage of failed items tolerated before the Map fails. @default 0 */
  readonly toleratedFailurePercentage?: number;
  /** Distributed only: read items from an S3 object instead of the state (JSON array). */
  readonly itemReader?: { readonly bucket: string; readonly key: string };
}

/** One task of a workflow. */
export interface TaskModel {
  /** Unique id, `^[A-Za-z][A-Za-z0-9_-]{0,63}$`; becomes the state name. */
  readonly id: string;
  /** Ids of the tasks that must finish before this one starts. */
  readonly dependsOn: readonly string[];
  /**
   * Absolute path of the Lambda handler file (TypeScript/JavaScript, `handler` export).
   * @default - the built-in pass-through handler (lambdas/passthrough.ts)
   */
  readonly handler?: string;
  /** Expected run time in seconds, used by the layout and the local engine's virtual clock. @default 1 */
  readonly durationSeconds: number;
  /** Task timeout (ASL TimeoutSeconds). @default - derived from durationSeconds (see compile) */
  readonly timeoutSeconds?: number;
  /** Heartbeat (ASL HeartbeatSeconds), for long tasks that report progress. */
  readonly heartbeatSeconds?: number;
  /** Resolved retry policy. */
  readonly retry: RetryPolicy;
  /** Fan out over an array: compiles to a Map state named the task id. */
  readonly map?: MapConfig;
  /** A failure is recorded (output + DLQ) and downstream tasks still run. @default false */
  readonly optional?: boolean;
  /** Id of a task to run instead when this one fails for good. */
  readonly fallback?: string;
  /** Retries are safe: Powertools idempotency keyed on execution id + task id + input hash. @default false */
  readonly idempotent?: boolean;
  /** Declares the task has no side effects (so retrying it needs no idempotency). */
  readonly sideEffects?: 'none';
  /** Environment variables for the task's function. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Free text. */
  readonly description?: string;
  /**
   * Secrets the handler reads at run time, by the name it asks for (`getSecret('DB_PASSWORD')`).
   * Only references live here (a Secrets Manager secret or an SSM SecureString parameter); the
   * function role may read exactly these, and values never reach the template, definition or env.
   */
  readonly secrets?: Readonly<Record<string, SecretRef>>;
}

/**
 * Where one secret lives: exactly one of `secretsManager` (secret name or ARN) or `ssm`
 * (SecureString parameter name or ARN).
 */
export interface SecretRef {
  /** Secrets Manager secret name (`prod/db`) or full ARN. */
  readonly secretsManager?: string;
  /** Secrets Manager only: the JSON key of the secret's value to return (`password`). */
  readonly field?: string;
  /** SSM Parameter Store SecureString name (`/prod/api-key`) or full ARN. */
  readonly ssm?: string;
  /** A customer-managed KMS key that encrypts the secret: the role also gets kms:Decrypt on it. */
  readonly kmsKeyArn?: string;
}

/** Service level objective, used by alarms and the dashboard. */
export interface SloModel {
  /** p99 of execution time, in seconds. */
  readonly p99Seconds: number;
  /** Fraction of executions that must succeed, e.g. 0.99. */
  readonly successRate: number;
}

/** Layout strategy names (see lib/graph/layout); `balanced` is the default. */
export const LAYOUT_MODES = ['naive', 'sp', 'exact', 'auto', 'balanced'] as const;
/** Layout strategy name (see lib/graph/layout). */
export type LayoutMode = (typeof LAYOUT_MODES)[number];

/** A whole workflow. */
export interface WorkflowModel {
  /** `^[A-Za-z][A-Za-z0-9_-]{0,63}$`; names the stack, the state machine and alarms. */
  readonly name: string;
  readonly description?: string;
  /** Tasks in declaration order. */
  readonly tasks: readonly TaskModel[];
  /** Where the model came from (a spec path, or `<dsl:NAME>`), used in every error message. */
  readonly source: string;
  /** Directory handler paths were resolved against. */
  readonly baseDir: string;
  readonly slo?: SloModel;
  /** @default 'balanced' (cross-branch waits only where they pay; 'sp' for workflows split into child machines) */
  readonly layout?: LayoutMode;
  /** State machine timeout. @default - worst case of the critical path incl. retries, plus 10 % */
  readonly timeoutSeconds?: number;
  /** Start the workflow on a schedule (EventBridge Scheduler). @default - no schedule */
  readonly schedule?: ScheduleModel;
  /** Start the workflow on events: an EventBridge pattern, S3 object-created, an SQS queue. @default - none */
  readonly triggers?: readonly TriggerModel[];
  /** Most executions at once, and what a start does when all slots are taken. @default - unlimited */
  readonly concurrency?: ConcurrencyModel;
  /** How a new version replaces the one behind the `live` alias. @default - all at once */
  readonly deployment?: DeploymentModel;
  /**
   * Allow handler paths outside the project (absolute paths or `../` beyond the directory holding
   * the spec's package.json, else the spec's directory). @default false
   */
  readonly allowHandlersOutsideProject?: boolean;
}

/**
 * A schedule: exactly one of `cron` (EventBridge's six fields, `"0 2 * * ? *"`) or `rate`
 * (`"1 day"`, `"15 minutes"`). The execution input is `{logicalDate, ...input}`, `logicalDate` being
 * the slot's scheduled time (ISO 8601, UTC), so a rerun of a slot gets the same input.
 */
export interface ScheduleModel {
  readonly cron?: string;
  readonly rate?: string;
  /** IANA time zone the cron is read in. @default 'UTC' */
  readonly timezone?: string;
  /** Scheduler may start up to this many minutes late, to spread load. @default 0 (on time) */
  readonly flexibleWindowMinutes?: number;
  /** Fixed input merged into every scheduled execution's input. @default {} */
  readonly input?: Readonly<Record<string, unknown>>;
}

/** An EventBridge rule on the default bus: the execution input is `{logicalDate, event}`. */
export interface EventPatternTrigger {
  readonly eventPattern: Readonly<Record<string, unknown>>;
}

/** Object Created in an existing bucket (EventBridge notifications on): input `{logicalDate, bucket, key, size, etag, event}`. */
export interface S3Trigger {
  readonly s3: { readonly bucket: string; readonly prefix?: string };
}

/** Messages of an SQS queue, in batches: input is the array `[{messageId, body, attributes}]` of one batch. */
export interface SqsTrigger {
  readonly sqs: {
    /** Name or ARN of an existing queue. @default - a new encrypted queue with its own dead-letter queue */
    readonly queue?: string;
    /** Messages per execution. @default 1 */
    readonly batchSize?: number;
    /** Seconds to wait for a batch to fill. @default 0 */
    readonly maxBatchingWindowSeconds?: number;
  };
}

export type TriggerModel = EventPatternTrigger | S3Trigger | SqsTrigger;

/** At most `maxExecutions` executions run at once; a start beyond that is queued or skipped. */
export interface ConcurrencyModel {
  readonly maxExecutions: number;
  /** `queue`: started when a slot frees; `skip`: recorded (log, metric, dead letter) and dropped. @default 'queue' */
  readonly whenBusy?: 'queue' | 'skip';
}

/** Shifting traffic of the `live` alias to a new version. */
export interface DeploymentModel {
  readonly type: 'all-at-once' | 'canary' | 'linear';
  /** canary: share of starts the new version gets first; linear: step size. @default 10 */
  readonly percent?: number;
  /** Minutes between steps (canary: before the rest; linear: between steps). @default 5 */
  readonly intervalMinutes?: number;
  /** Alarm names that roll back the deployment. @default - the workflow's executions-failed alarm */
  readonly alarms?: readonly string[];
}
