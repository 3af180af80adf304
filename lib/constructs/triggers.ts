import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StartRequest } from '../model/execution-names';
import type { ScheduleModel, TriggerModel } from '../model/types';
import { ExecutionStarter } from './execution-starter';
import { acknowledge } from './security';

/** Props of {@link WorkflowTriggers}. */
export interface WorkflowTriggersProps {
  readonly workflowName: string;
  /** What starts runs: the model's `schedule` and `triggers`. */
  readonly schedule?: ScheduleModel;
  readonly triggers?: readonly TriggerModel[];
  /** What they start: the `live` alias (StartExecution is granted on it only). */
  readonly target: sfn.IStateMachine;
  /** @default RemovalPolicy.RETAIN for the queues (never lose a failed start) */
  readonly removalPolicy?: RemovalPolicy;
  /** Retention of the starter function's logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** Attempts of a failed start before it is dead-lettered (Scheduler and EventBridge maximum). */
export const START_RETRY_ATTEMPTS = 185;
/** A start older than this is dead-lettered instead of retried. */
export const START_MAX_AGE = Duration.hours(24);
/** Deliveries of an SQS trigger message before it goes to the queue's dead-letter queue. */
export const SQS_TRIGGER_MAX_RECEIVES = 5;

/**
 * What starts a workflow besides `dagstep start`. Each goes through the execution starter
 * (lib/constructs/execution-starter.ts), whose role may only `states:StartExecution` on the
 * `live` alias, and which names each execution after its unit of work
 * (lib/model/execution-names.ts): EventBridge Scheduler and EventBridge deliver at least once
 * ("What is Amazon EventBridge Scheduler?": "at-least-once event delivery to targets"; Amazon
 * EventBridge FAQs: "at-least-once event delivery to targets"), and a second delivery must not
 * start a second execution whose tasks all run again (their idempotency keys hold the execution id).
 * A target that starts the alias itself cannot name the execution (neither the Scheduler's nor a
 * rule's Step Functions target, nor a Pipe's `PipeTargetStateMachineParameters`, which has only
 * `InvocationType`), hence the function. Execution inputs are what the targets gave before:
 *
 * - `schedule` → an EventBridge Scheduler schedule (own schedule group, retry policy, the
 *   `StartFailures` queue). Input: `{...schedule.input, logicalDate: <scheduled time>}`; name:
 *   `<workflow>-<slot>`, the one `dagstep backfill` gives the slot.
 * - `eventPattern` → an EventBridge rule. Input: `{logicalDate: <event time>, event: {id, source,
 *   detailType, detail}}`; name: `<workflow>-ev-<event id>`. Failed starts: `StartFailures`.
 * - `s3` → a rule on `aws.s3` "Object Created" for the bucket and prefix (the bucket must have
 *   EventBridge notifications on). Input: `{logicalDate, bucket, key, size, etag, eventId}`; name:
 *   `<workflow>-s3-<hash of bucket, key and the object's sequencer>`, one per object write even if
 *   S3 announces it in two events (lib/model/execution-names.ts objectExecutionName).
 * - `sqs` → an EventBridge Pipe from the queue (created, or an existing one by name or ARN) to
 *   the starter, invoked synchronously. Input: the batch, as the array of SQS records
 *   (`messageId`, `body`, `attributes`, ...); name: `<workflow>-sqs-<message id>`. Failed starts:
 *   the source queue's own dead-letter queue (redrive policy). The Pipe stays: it reads and
 *   batches the queue and its role holds exactly the queue read and the starter's invoke.
 *   With `batchSize: 1` (the default) a message redelivered after a failure or a lost delete
 *   keeps its message id, so it finds its execution. With a larger batch the name hashes the
 *   batch's sorted message ids: a batch redelivered whole finds its execution, but SQS does not
 *   promise to regroup the same messages, so a redelivered message in a different batch starts
 *   a second execution (at-least-once per message, as before).
 */
export class WorkflowTriggers extends Construct {
  /** Failed starts of the schedule and the rules. */
  public readonly startFailures: sqs.Queue;
  public readonly scheduleGroup?: scheduler.ScheduleGroup;
  public readonly schedule?: scheduler.Schedule;
  public readonly rules: events.Rule[] = [];
  public readonly pipes: pipes.CfnPipe[] = [];
  /** Queues the SQS triggers read (created or imported). */
  public readonly sourceQueues: sqs.IQueue[] = [];
  /** The dead-letter queue of a created SQS trigger queue (set when one is created). */
  public sourceDeadLetterQueue?: sqs.Queue;
  /** The function every start goes through. */
  public readonly starter: ExecutionStarter;

  constructor(scope: Construct, id: string, props: WorkflowTriggersProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const queueProps = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy };
    this.startFailures = new sqs.Queue(this, 'StartFailures', queueProps);
    acknowledge(this.startFailures, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of failed starts (schedule and rules).' }]);
    this.starter = new ExecutionStarter(this, 'Starter', {
      workflowName: props.workflowName, target: props.target, startFailures: this.startFailures,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    if (props.schedule) {
      this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', { removalPolicy: RemovalPolicy.DESTROY });
      this.schedule = this.addSchedule(props.schedule);
    }
    (props.triggers ?? []).forEach((t, i) => {
      if ('eventPattern' in t) this.addEventPattern(i, t.eventPattern);
      else if ('s3' in t) this.addS3(i, t.s3);
      else this.addSqs(i, t.sqs, queueProps);
    });
  }

  private addSchedule(s: ScheduleModel): scheduler.Schedule {
    const expression = s.cron !== undefined
      ? scheduler.ScheduleExpression.expression(`cron(${s.cron})`, TimeZone.of(s.timezone ?? 'Etc/UTC'))
      : scheduler.ScheduleExpression.expression(`rate(${s.rate})`);
    return new scheduler.Schedule(this, 'Schedule', {
      description: `dagstep: start the workflow ${s.cron !== undefined ? `at cron(${s.cron}) ${s.timezone ?? 'UTC'}` : `every ${s.rate}`}`,
      schedule: expression,
      scheduleGroup: this.scheduleGroup,
      timeWindow: (s.flexibleWindowMinutes ?? 0) > 0 ? scheduler.TimeWindow.flexible(Duration.minutes(s.flexibleWindowMinutes!)) : scheduler.TimeWindow.off(),
      target: new schedulerTargets.LambdaInvoke(this.starter.function, {
        role: this.invokerRole('ScheduleRole', 'scheduler.amazonaws.com', 'dagstep: invoke the workflow\'s execution starter on schedule'),
        // The slot's time, not the time it ran: a retried or late start of a slot gets the same input and name.
        input: scheduler.ScheduleTargetInput.fromObject(startRequest({ start: 'schedule', input: { ...(s.input ?? {}), logicalDate: scheduler.ContextAttribute.scheduledTime } })),
        deadLetterQueue: this.startFailures,
        retryAttempts: START_RETRY_ATTEMPTS,
        maxEventAge: START_MAX_AGE,
      }),
    });
  }

  /**
   * A role a service assumes to invoke the starter (in this account only). Lambda's invoke grant
   * covers the function and its versions (`<arn>:*`), which cdk-nag reports as a wildcard.
   */
  private invokerRole(id: string, service: string, description: string): iam.Role {
    const role = new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal(service, { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description,
    });
    const fnId = Stack.of(this).resolve((this.starter.function.node.defaultChild as lambda.CfnFunction).logicalId) as string;
    acknowledge(role, [{ id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`, reason: 'Invoking the execution starter and its versions only (Lambda\'s invoke grant).' }]);
    return role;
  }

  /** A rule's target: the starter, given `request` (what names the execution, and its input). */
  private ruleTarget(request: StartRequest): eventTargets.LambdaFunction {
    return new eventTargets.LambdaFunction(this.starter.function, {
      event: events.RuleTargetInput.fromObject(startRequest(request)),
      deadLetterQueue: this.startFailures, retryAttempts: START_RETRY_ATTEMPTS, maxEventAge: START_MAX_AGE,
    });
  }

  private addEventPattern(i: number, pattern: Readonly<Record<string, unknown>>): void {
    this.rules.push(new events.Rule(this, `EventRule${i}`, {
      description: 'dagstep: start the workflow on matching events',
      eventPattern: cdkPattern(pattern),
      targets: [this.ruleTarget({
        start: 'event',
        eventId: events.EventField.eventId,
        input: {
          logicalDate: events.EventField.time,
          event: { id: events.EventField.eventId, source: events.EventField.source, detailType: events.EventField.detailType, detail: events.EventField.fromPath('$.detail') },
        },
      })],
    }));
  }

  private addS3(i: number, s3: { readonly bucket: string; readonly prefix?: string }): void {
    const bucket = events.EventField.fromPath('$.detail.bucket.name');
    const key = events.EventField.fromPath('$.detail.object.key');
    this.rules.push(new events.Rule(this, `S3Rule${i}`, {
      description: `dagstep: start the workflow when an object is created in s3://${s3.bucket}/${s3.prefix ?? ''} (EventBridge notifications must be on for the bucket)`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [s3.bucket] }, ...(s3.prefix ? { object: { key: events.Match.prefix(s3.prefix) } } : {}) },
      },
      targets: [this.ruleTarget({
        start: 's3',
        eventId: events.EventField.eventId,
        bucket,
        key,
        sequencer: events.EventField.fromPath('$.detail.object.sequencer'),
        input: {
          logicalDate: events.EventField.time,
          bucket,
          key,
          size: events.EventField.fromPath('$.detail.object.size'),
          etag: events.EventField.fromPath('$.detail.object.etag'),
          eventId: events.EventField.eventId,
        },
      })],
    }));
  }

  private addSqs(i: number, s: { readonly queue?: string; readonly batchSize?: number; readonly maxBatchingWindowSeconds?: number },
    queueProps: sqs.QueueProps): void {
    let queue: sqs.IQueue;
    if (s.queue === undefined) {
      const dlq = new sqs.Queue(this, `SqsTrigger${i}DeadLetters`, queueProps);
      acknowledge(dlq, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the SQS trigger queue.' }]);
      this.sourceDeadLetterQueue = dlq;
      queue = new sqs.Queue(this, `SqsTrigger${i}Queue`, { ...queueProps, deadLetterQueue: { queue: dlq, maxReceiveCount: SQS_TRIGGER_MAX_RECEIVES } });
    } else {
      const arn = s.queue.startsWith('arn:') ? s.queue : Stack.of(this).formatArn({ service: 'sqs', resource: s.queue });
      queue = sqs.Queue.fromQueueArn(this, `SqsTrigger${i}Queue`, arn);
    }
    this.sourceQueues.push(queue);
    const role = this.invokerRole(`SqsTrigger${i}PipeRole`, 'pipes.amazonaws.com', 'dagstep: read the trigger queue and hand each batch to the workflow\'s execution starter');
    queue.grantConsumeMessages(role);
    this.starter.function.grantInvoke(role);
    const batchSize = s.batchSize ?? 1;
    this.pipes.push(new pipes.CfnPipe(this, `SqsTrigger${i}Pipe`, {
      description: 'dagstep: start the workflow with each batch of queue messages',
      roleArn: role.roleArn,
      source: queue.queueArn,
      sourceParameters: {
        sqsQueueParameters: { batchSize, ...(s.maxBatchingWindowSeconds ? { maximumBatchingWindowInSeconds: s.maxBatchingWindowSeconds } : {}) },
      },
      // Synchronously: a start that fails fails the batch, which SQS redelivers, then dead-letters
      // ("Amazon EventBridge Pipes error handling and troubleshooting": SQS sources retry customer
      // errors up to the source queue's maximum receive count; compute targets must be synchronous).
      target: this.starter.function.functionArn,
      targetParameters: { lambdaFunctionParameters: { invocationType: 'REQUEST_RESPONSE' } },
    }));
  }
}

/** A start request as the starter reads it (the type checks the envelope; the values may be tokens). */
function startRequest(r: StartRequest): Record<string, unknown> {
  return r;
}

/** An EventBridge JSON pattern (`detail-type`) as CDK's EventPattern (`detailType`). */
function cdkPattern(p: Readonly<Record<string, unknown>>): events.EventPattern {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k === 'detail-type' ? 'detailType' : k] = v;
  return out;
}
