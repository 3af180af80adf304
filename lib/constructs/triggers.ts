import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ScheduleModel, TriggerModel } from '../model/types';
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
}

/** Attempts of a failed start before it is dead-lettered (Scheduler and EventBridge maximum). */
export const START_RETRY_ATTEMPTS = 185;
/** A start older than this is dead-lettered instead of retried. */
export const START_MAX_AGE = Duration.hours(24);
/** Deliveries of an SQS trigger message before it goes to the queue's dead-letter queue. */
export const SQS_TRIGGER_MAX_RECEIVES = 5;

/**
 * What starts a workflow besides `dagstep start`, each targeting the `live` alias with a role that
 * may only `states:StartExecution` on it, and each with a dead-letter path for starts that fail:
 *
 * - `schedule` → an EventBridge Scheduler schedule (own schedule group, retry policy, the
 *   `StartFailures` queue). Input: `{...schedule.input, logicalDate: <scheduled time>}`.
 * - `eventPattern` → an EventBridge rule. Input: `{logicalDate: <event time>, event: {id, source,
 *   detailType, detail}}`. Failed starts: the `StartFailures` queue.
 * - `s3` → a rule on `aws.s3` "Object Created" for the bucket and prefix (the bucket must have
 *   EventBridge notifications on). Input: `{logicalDate, bucket, key, size, etag, eventId}`.
 * - `sqs` → an EventBridge Pipe from the queue (created, or an existing one by name or ARN) to
 *   the alias, batched. Input: the batch, as the array of SQS records (`messageId`, `body`,
 *   `attributes`, ...). Failed starts: the source queue's own dead-letter queue (redrive policy).
 *
 * Pipes rather than a starter Lambda: no code to bundle, patch or watch, batching and retries are
 * the service's own, and its role holds exactly the queue read and the alias start.
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

  constructor(scope: Construct, id: string, props: WorkflowTriggersProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const queueProps = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy };
    this.startFailures = new sqs.Queue(this, 'StartFailures', queueProps);
    acknowledge(this.startFailures, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of failed starts (schedule and rules).' }]);
    if (props.schedule) {
      this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', { removalPolicy: RemovalPolicy.DESTROY });
      this.schedule = this.addSchedule(props.schedule, props.target);
    }
    (props.triggers ?? []).forEach((t, i) => {
      if ('eventPattern' in t) this.addEventPattern(i, t.eventPattern, props.target);
      else if ('s3' in t) this.addS3(i, t.s3, props.target);
      else this.addSqs(i, t.sqs, props.target, queueProps);
    });
  }

  private addSchedule(s: ScheduleModel, target: sfn.IStateMachine): scheduler.Schedule {
    const expression = s.cron !== undefined
      ? scheduler.ScheduleExpression.expression(`cron(${s.cron})`, TimeZone.of(s.timezone ?? 'Etc/UTC'))
      : scheduler.ScheduleExpression.expression(`rate(${s.rate})`);
    return new scheduler.Schedule(this, 'Schedule', {
      description: `dagstep: start the workflow ${s.cron !== undefined ? `at cron(${s.cron}) ${s.timezone ?? 'UTC'}` : `every ${s.rate}`}`,
      schedule: expression,
      scheduleGroup: this.scheduleGroup,
      timeWindow: (s.flexibleWindowMinutes ?? 0) > 0 ? scheduler.TimeWindow.flexible(Duration.minutes(s.flexibleWindowMinutes!)) : scheduler.TimeWindow.off(),
      target: new schedulerTargets.StepFunctionsStartExecution(target, {
        // The slot's time, not the time it ran: a retried or late start of a slot gets the same input.
        input: scheduler.ScheduleTargetInput.fromObject({ ...(s.input ?? {}), logicalDate: scheduler.ContextAttribute.scheduledTime }),
        deadLetterQueue: this.startFailures,
        retryAttempts: START_RETRY_ATTEMPTS,
        maxEventAge: START_MAX_AGE,
      }),
    });
  }

  private ruleTarget(target: sfn.IStateMachine, input: events.RuleTargetInput): eventTargets.SfnStateMachine {
    return new eventTargets.SfnStateMachine(target, {
      input, deadLetterQueue: this.startFailures, retryAttempts: START_RETRY_ATTEMPTS, maxEventAge: START_MAX_AGE,
    });
  }

  private addEventPattern(i: number, pattern: Readonly<Record<string, unknown>>, target: sfn.IStateMachine): void {
    this.rules.push(new events.Rule(this, `EventRule${i}`, {
      description: 'dagstep: start the workflow on matching events',
      eventPattern: cdkPattern(pattern),
      targets: [this.ruleTarget(target, events.RuleTargetInput.fromObject({
        logicalDate: events.EventField.time,
        event: { id: events.EventField.eventId, source: events.EventField.source, detailType: events.EventField.detailType, detail: events.EventField.fromPath('$.detail') },
      }))],
    }));
  }

  private addS3(i: number, s3: { readonly bucket: string; readonly prefix?: string }, target: sfn.IStateMachine): void {
    this.rules.push(new events.Rule(this, `S3Rule${i}`, {
      description: `dagstep: start the workflow when an object is created in s3://${s3.bucket}/${s3.prefix ?? ''} (EventBridge notifications must be on for the bucket)`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [s3.bucket] }, ...(s3.prefix ? { object: { key: events.Match.prefix(s3.prefix) } } : {}) },
      },
      targets: [this.ruleTarget(target, events.RuleTargetInput.fromObject({
        logicalDate: events.EventField.time,
        bucket: events.EventField.fromPath('$.detail.bucket.name'),
        key: events.EventField.fromPath('$.detail.object.key'),
        size: events.EventField.fromPath('$.detail.object.size'),
        etag: events.EventField.fromPath('$.detail.object.etag'),
        eventId: events.EventField.eventId,
      }))],
    }));
  }

  private addSqs(i: number, s: { readonly queue?: string; readonly batchSize?: number; readonly maxBatchingWindowSeconds?: number },
    target: sfn.IStateMachine, queueProps: sqs.QueueProps): void {
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
    const role = new iam.Role(this, `SqsTrigger${i}PipeRole`, {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'dagstep: read the trigger queue and start the workflow\'s live alias',
    });
    queue.grantConsumeMessages(role);
    target.grantStartExecution(role);
    const batchSize = s.batchSize ?? 1;
    this.pipes.push(new pipes.CfnPipe(this, `SqsTrigger${i}Pipe`, {
      description: 'dagstep: start the workflow with each batch of queue messages',
      roleArn: role.roleArn,
      source: queue.queueArn,
      sourceParameters: {
        sqsQueueParameters: { batchSize, ...(s.maxBatchingWindowSeconds ? { maximumBatchingWindowInSeconds: s.maxBatchingWindowSeconds } : {}) },
      },
      target: target.stateMachineArn,
      targetParameters: { stepFunctionStateMachineParameters: { invocationType: 'FIRE_AND_FORGET' } },
    }));
  }
}

/** An EventBridge JSON pattern (`detail-type`) as CDK's EventPattern (`detailType`). */
function cdkPattern(p: Readonly<Record<string, unknown>>): events.EventPattern {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k === 'detail-type' ? 'detailType' : k] = v;
  return out as events.EventPattern;
}
