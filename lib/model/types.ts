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

/** Layout strategy name (see lib/graph/layout). */
export type LayoutMode = 'naive' | 'sp' | 'exact' | 'auto';

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
  /** @default 'sp' */
  readonly layout?: LayoutMode;
  /** State machine timeout. @default - worst case of the critical path incl. retries, plus 10 % */
  readonly timeoutSeconds?: number;
  /**
   * Allow handler paths outside the project (absolute paths or `../` beyond the directory holding
   * the spec's package.json, else the spec's directory). @default false
   */
  readonly allowHandlersOutsideProject?: boolean;
}
