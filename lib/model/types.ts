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

/**
 * Where a Distributed Map reads its items (ASL `ItemReader`, "ItemReader (Map)" in the Step
 * Functions developer guide): one S3 object (`key`, a JSON array, JSON Lines or CSV with a header
 * row), every object under a `prefix` (each item `{Key, Size, ETag, LastModified, StorageClass}`, as
 * ListObjectsV2 gives them), or an S3 Inventory `manifest` (each item `{Bucket, Key}`). Exactly one
 * of `key`, `prefix`, `manifest`.
 */
export interface MapItemReader {
  readonly bucket: string;
  readonly key?: string;
  readonly prefix?: string;
  /** Key of an S3 Inventory `manifest.json`. */
  readonly manifest?: string;
  /** How the object at `key` is read. @default 'json' */
  readonly format?: 'json' | 'jsonl' | 'csv';
}

/** Fan-out over an array. */
export interface MapConfig {
  /** JSONPath into the execution input (`$.orders`) or a dependency's result (`$.results.list_files.keys`); ignored with `itemReader`. */
  readonly itemsPath: string;
  /** Most items in flight at once. @default 10 (0 = unlimited, flagged by `dagstep check`) */
  readonly maxConcurrency?: number;
  /**
   * `inline` Map state or a Distributed Map (child executions, results written to S3).
   * @default 'inline'
   */
  readonly mode?: 'inline' | 'distributed';
  /** Distributed only: percentage of failed items tolerated before the Map fails. @default 0 */
  readonly toleratedFailurePercentage?: number;
  /** Distributed only: number of failed items tolerated before the Map fails. @default - none (only the percentage) */
  readonly toleratedFailureCount?: number;
  /** Distributed only: read items from S3 instead of the state. */
  readonly itemReader?: MapItemReader;
  /** Distributed only: read at most this many items (ASL `ReaderConfig.MaxItems`). @default - every item */
  readonly maxItems?: number;
  /**
   * Distributed only: hand each child execution a batch of items (ASL `ItemBatcher`); the handler
   * gets `items` (an array) instead of `item`, and returns one result per item, in order.
   * @default - one item per child execution
   */
  readonly batch?: { readonly maxItems?: number; readonly maxBytes?: number };
  /**
   * Distributed only: write the item results to the workflow's result bucket (ASL `ResultWriter`)
   * and hand the next tasks a reference they read like a claim-checked result. `false` keeps the
   * results in the state (at most 256 KB, so only for small maps).
   * @default true
   */
  readonly resultWriter?: boolean;
  /**
   * Distributed only: the type of the child executions. @default - EXPRESS when one item's worst
   * case (every retry taken) fits Express's 5 minutes and the task is idempotent or has no side
   * effects (Express runs at least or at most once, never exactly once); else STANDARD
   */
  readonly childExecution?: 'STANDARD' | 'EXPRESS';
  /**
   * How many items the map usually gets, for `dagstep check` (history events, payloads).
   * @default - maxItems if set, else unknown
   */
  readonly expectedItems?: number;
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
  /**
   * Secret-looking literals of this task that are not secrets (`field` as the scan names it, e.g.
   * `environment.SAMPLE_TOKEN`), each with the reason; any other secret literal fails the build.
   * @default - none
   */
  readonly acknowledgeSecrets?: readonly SecretAcknowledgement[];
  /** Run an ECS Fargate task to completion instead of a Lambda function (see README "Task kinds"). */
  readonly container?: ContainerConfig;
  /** Run an AWS Batch job to completion. */
  readonly batch?: BatchConfig;
  /** Run a Glue job to completion. */
  readonly glue?: GlueConfig;
  /** Call an HTTPS API through an EventBridge connection (the connection holds the auth). */
  readonly http?: HttpConfig;
  /** Any AWS SDK call through the Step Functions SDK integration. */
  readonly sdk?: SdkConfig;
  /** Another dagstep workflow run as this task: its name, or the path of its spec (resolved against baseDir). */
  readonly workflow?: string;
  /** Wait (no polling) for an EventBridge event that carries this execution's correlation value. */
  readonly waitFor?: WaitForConfig;
  /** Wait for a person's approve or reject (`dagstep approve|reject <execution> <task>`). */
  readonly approval?: ApprovalConfig;
  /** Lambda memory in MB. @default - the Workflow construct's memorySize (256) */
  readonly memorySize?: number;
  /** Lambda architecture. @default 'arm64', or 'x86_64' when the task names layers (see README "Task kinds") */
  readonly architecture?: LambdaArchitecture;
  /** Lambda /tmp size in MB (512-10240). @default 512 */
  readonly ephemeralStorageSize?: number;
  /** Lambda reserved concurrency. @default - none (the account pool) */
  readonly reservedConcurrency?: number;
  /** Run the Lambda function in a VPC (existing subnets and security groups, by id). */
  readonly vpc?: LambdaVpc;
  /** Lambda layer version ARNs. */
  readonly layers?: readonly string[];
  /**
   * Large results (claim check): results bigger than `thresholdBytes` are stored in the workflow's
   * result bucket and passed on as a reference; `false` keeps every result inline.
   * @default { thresholdBytes: 65536 }
   */
  readonly resultStore?: false | { readonly thresholdBytes: number };
}

/** A secret-looking literal a task keeps on purpose, and why. */
export interface SecretAcknowledgement {
  readonly field: string;
  readonly reason: string;
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

/** Lambda architectures. */
export type LambdaArchitecture = 'arm64' | 'x86_64';

/** An existing VPC placement of a Lambda function, by ids (no lookup at synth). */
export interface LambdaVpc {
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

/** Where an ECS task runs: existing subnets and security groups by id, no lookup at synth. */
export interface ContainerNetwork {
  readonly vpcId: string;
  /** Private subnets with a route to the internet or VPC endpoints (to pull the image). */
  readonly subnetIds: readonly string[];
  /** @default - a new security group in vpcId with no inbound rule */
  readonly securityGroupIds?: readonly string[];
}

/** An ECS Fargate task run to completion (`ecs:runTask.sync`). */
export interface ContainerConfig {
  /**
   * A registry reference (`public.ecr.aws/org/app:1.2`), or an existing ECR repository of the
   * account: `ecr:<repository>[:<tag>]` or `{repository, tag}` (tag default `latest`).
   */
  readonly image: string | { readonly repository: string; readonly tag?: string };
  /** Fargate vCPU units. @default 256 */
  readonly cpu?: number;
  /** Fargate memory in MiB. @default 512 */
  readonly memory?: number;
  /** Overrides the image's command. */
  readonly command?: readonly string[];
  /** Plain environment of the container. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secrets as environment variables, by reference only: `ssm:<parameter name>` or `secretsmanager:<secret name>[:<json key>]`. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** @default - a new VPC with private subnets (NAT egress) shared by the workflow's container tasks */
  readonly network?: ContainerNetwork;
}

/** An AWS Batch job run to completion (`batch:submitJob.sync`). */
export interface BatchConfig {
  /** Job queue name or ARN. */
  readonly jobQueue: string;
  /** Job definition name (`name` or `name:revision`) or ARN. */
  readonly jobDefinition: string;
  /** Job parameters; a value `$.input...` / `$.results.<dep>...` is read from the task's inputs. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** A Glue job run to completion (`glue:startJobRun.sync`). */
export interface GlueConfig {
  readonly jobName: string;
  /** Job arguments (`--key: value`); a value `$.input...` / `$.results.<dep>...` is read from the task's inputs. */
  readonly arguments?: Readonly<Record<string, string>>;
}

/** HTTP methods of an HTTP task. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** An HTTPS call (`http:invoke`) through an EventBridge connection. */
export interface HttpConfig {
  readonly method: HttpMethod;
  /** `https://host/path`. */
  readonly url: string;
  /** ARN of the EventBridge connection that holds the credentials (`arn:aws:events:<region>:<account>:connection/<name>/<id>`). */
  readonly connection: string;
  /** Query string; a value `$.input...` / `$.results.<dep>...` is read from the task's inputs. */
  readonly query?: Readonly<Record<string, string>>;
  /** JSON body; string values `$.input...` / `$.results.<dep>...` are read from the task's inputs. */
  readonly body?: unknown;
}

/** An AWS SDK call (`aws-sdk:<service>:<action>`). */
export interface SdkConfig {
  /** SDK service name, lower case (`dynamodb`, `s3`, `sfn`, ...). */
  readonly service: string;
  /** SDK action, camelCase (`putItem`, `getObject`). */
  readonly action: string;
  /** The call's parameters (PascalCase keys as in the API); `$.input...` / `$.results.<dep>...` values are read from the task's inputs. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** The ARN(s) the call acts on: the state machine may call `service:Action` on these only. */
  readonly resource: string | readonly string[];
  /**
   * Why a mutating action may run on `resource: "*"` (an action that supports no resource-level
   * permission); without it the spec is refused. @default - none: a mutating action names its ARNs
   */
  readonly wildcardReason?: string;
}

/** The event a `waitFor` task waits for (an EventBridge pattern on the default bus). */
export interface WaitForEvent {
  readonly source: string;
  readonly detailType: string;
  /** More of the pattern's `detail` (EventBridge pattern syntax). @default - any detail */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** A `.waitForTaskToken` task resumed by an event (see README "Waiting for events and approvals"). */
export interface WaitForConfig {
  readonly event: WaitForEvent;
  /** JSONPath into the task's inputs whose value names the awaited event (`$.input.orderId`, `$.results.<dep>.id`). */
  readonly correlation: string;
  /** JSONPath into the event holding the same value. @default - `$.detail.<last field of correlation>` */
  readonly eventCorrelation?: string;
  /** How long to wait before the task fails with States.Timeout (ASL TimeoutSeconds). */
  readonly timeoutSeconds: number;
  /** ASL HeartbeatSeconds: the sender must call SendTaskHeartbeat within this. @default - none */
  readonly heartbeatSeconds?: number;
}

/** A human approval: a notification, then approve (the task's result) or reject (`dagstep.Rejected`). */
export interface ApprovalConfig {
  /** An SNS topic ARN, or an email address (a new KMS-encrypted topic with that subscription). */
  readonly notify: string;
  /** A customer-managed KMS key that encrypts the `notify` topic (the notifier may use it to publish). @default - none */
  readonly kmsKeyArn?: string;
  /** How long to wait before the task fails with States.Timeout (ASL TimeoutSeconds). */
  readonly timeoutSeconds: number;
  /** IAM principal ARNs allowed to decide (checked by the CLI; the stack's approver policy is the boundary). @default - anyone with the approver policy */
  readonly approvers?: readonly string[];
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
  /** Local runs: the mocks file of the non-Lambda tasks (absolute). @default - `<baseDir>/<name>.mocks.json` if it exists */
  readonly mocks?: string;
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
