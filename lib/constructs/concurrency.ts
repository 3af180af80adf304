import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { ConcurrencyGate, QUEUED_STATE, SKIPPED_STATE } from '../compile/concurrency';
import { CONCURRENCY_ENV, RUN_METRICS, runMetricsNamespace, UNSUCCESSFUL_STATUSES } from '../model/contract';
import type { ConcurrencyModel } from '../model/types';
import { serviceFunction } from './private/service-function';
import { acknowledge } from './security';
import { bookkeepingTable } from './private/tables';

/** Props of {@link ConcurrencyLimit}. */
export interface ConcurrencyLimitProps {
  readonly workflowName: string;
  readonly concurrency: ConcurrencyModel;
  /** The workflow's dead-letter queue (skipped runs are recorded there). */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default RemovalPolicy.RETAIN for the wait queue (never lose a queued run) */
  readonly removalPolicy?: RemovalPolicy;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** How long a queued run is hidden after the dispatcher found every slot taken (its polling period). */
export const WAIT_VISIBILITY = Duration.minutes(2);
/** Polls of a queued run before it is given up to the wait dead-letter queue (≈ 33 h at 2 min). */
export const WAIT_MAX_RECEIVES = 1000;
/** How often stale slots (status event never delivered) are looked for. */
export const REAP_EVERY = Duration.minutes(15);

/**
 * `concurrency: {maxExecutions, whenBusy}` of a workflow: the slot table, the gate in front of the
 * definition (lib/compile/concurrency.ts explains the protocol and why it neither loses nor
 * doubles a run), the release function on every terminal status, and for `queue` the wait queue
 * and its dispatcher.
 *
 * Use in two steps: {@link wrap} the definition before the state machine is made, then
 * {@link bind} the state machine and the ARN runs are started on (the `live` alias).
 */
export class ConcurrencyLimit extends Construct {
  public readonly table: dynamodb.Table;
  /** whenBusy `queue`: where runs wait for a slot. */
  public readonly waitQueue?: sqs.Queue;
  /** Queued runs that waited longer than WAIT_MAX_RECEIVES polls, and failed release invocations. */
  public readonly deadLetterQueue: sqs.Queue;
  public releaseFunction?: lambda.Function;
  public dispatchFunction?: lambda.Function;
  private readonly retention: logs.RetentionDays;

  constructor(scope: Construct, id: string, private readonly props: ConcurrencyLimitProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.table = bookkeepingTable(this, 'SlotTable');
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy,
    });
    acknowledge(this.deadLetterQueue, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the concurrency limit (queued runs that waited too long, failed releases).' }]);
    if ((props.concurrency.whenBusy ?? 'queue') === 'queue') {
      this.waitQueue = new sqs.Queue(this, 'WaitQueue', {
        encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy,
        visibilityTimeout: WAIT_VISIBILITY,
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: WAIT_MAX_RECEIVES },
      });
    }
  }

  /** Runs queued (`queued`) or skipped (`skipped`) per 5 minutes. */
  metricRuns(which: 'queued' | 'skipped'): cw.Metric {
    return new cw.Metric({
      namespace: runMetricsNamespace(this.props.workflowName), metricName: RUN_METRICS[which],
      statistic: 'Sum', period: Duration.minutes(5), label: `runs ${which}`,
    });
  }

  /** The definition behind the gate (states are created in `statesScope`). */
  wrap(statesScope: Construct, definition: sfn.IChainable): sfn.IChainable {
    return new ConcurrencyGate(statesScope, {
      workflowName: this.props.workflowName,
      concurrency: this.props.concurrency,
      tableName: this.table.tableName,
      waitQueue: this.waitQueue,
      deadLetterQueue: this.props.deadLetterQueue,
    }).wrap(definition);
  }

  /**
   * Grants the state machine its slot updates, and creates the release function (terminal status
   * rule + periodic stale-slot check) and, for `queue`, the dispatcher starting queued runs on `target`.
   */
  bind(stateMachine: sfn.StateMachine, target: sfn.IStateMachine, stateMachineLogs: logs.ILogGroup): void {
    this.table.grant(stateMachine, 'dynamodb:UpdateItem');
    if (!this.waitQueue) this.props.deadLetterQueue.grantSendMessages(stateMachine);
    // Queued and skipped runs are counted from the state machine's own log (the Succeed state
    // each ends in), so the definition needs no metrics call.
    for (const [state, metricName] of [[QUEUED_STATE, RUN_METRICS.queued], [SKIPPED_STATE, RUN_METRICS.skipped]] as const) {
      new logs.MetricFilter(this, `${metricName}Filter`, {
        logGroup: stateMachineLogs,
        filterPattern: logs.FilterPattern.all(
          logs.FilterPattern.stringValue('$.type', '=', 'SucceedStateEntered'),
          logs.FilterPattern.stringValue('$.details.name', '=', state)),
        metricNamespace: runMetricsNamespace(this.props.workflowName),
        metricName,
        metricValue: '1',
        unit: cw.Unit.COUNT,
      });
    }
    const env = {
      [CONCURRENCY_ENV.table]: this.table.tableName,
      [CONCURRENCY_ENV.maxExecutions]: String(this.props.concurrency.maxExecutions),
    };
    const describe = new iam.PolicyStatement({
      actions: ['states:DescribeExecution'],
      resources: [Stack.of(this).formatArn({
        service: 'states', resource: 'execution', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        resourceName: `${stateMachine.stateMachineName}:*`,
      })],
    });
    const release = serviceFunction(this, 'ReleaseFunction', {
      workflowName: this.props.workflowName, entry: 'concurrency/release.ts', environment: env, logRetention: this.retention,
      description: 'frees the concurrency slot of a finished execution',
    });
    this.releaseFunction = release.fn;
    this.table.grant(release.fn, 'dynamodb:UpdateItem', 'dynamodb:GetItem');
    release.fn.addToRolePolicy(describe);
    const target_ = new targets.LambdaFunction(release.fn, {
      deadLetterQueue: this.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24),
    });
    new events.Rule(this, 'ReleaseRule', {
      description: `dagstep ${this.props.workflowName}: free the concurrency slot on every terminal status`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['SUCCEEDED', ...UNSUCCESSFUL_STATUSES],
          stateMachineArn: events.Match.anyOf([stateMachine.stateMachineArn], events.Match.prefix(`${stateMachine.stateMachineArn}:`)),
        },
      },
      targets: [target_],
    });
    new events.Rule(this, 'ReapRule', {
      description: `dagstep ${this.props.workflowName}: free slots of executions that ended unseen (status events are best effort)`,
      schedule: events.Schedule.rate(REAP_EVERY),
      targets: [target_],
    });
    const acks = [{
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${Stack.of(this).resolve((stateMachine.node.defaultChild as sfn.CfnStateMachine).logicalId)}.Name>:*]`,
      reason: 'A slot\'s owner is checked with DescribeExecution; execution names are generated at run time, so the resource is the executions of this one state machine.',
    }, { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.' }];
    acknowledge(release.role, acks);
    if (this.waitQueue) {
      const dispatch = serviceFunction(this, 'DispatchFunction', {
        workflowName: this.props.workflowName, entry: 'concurrency/dispatch.ts', logRetention: this.retention,
        environment: { ...env, [CONCURRENCY_ENV.target]: target.stateMachineArn },
        description: 'starts queued runs when a concurrency slot is free',
      });
      this.dispatchFunction = dispatch.fn;
      this.table.grant(dispatch.fn, 'dynamodb:UpdateItem', 'dynamodb:GetItem');
      dispatch.fn.addToRolePolicy(describe);
      target.grantStartExecution(dispatch.fn);
      dispatch.fn.addEventSource(new SqsEventSource(this.waitQueue, { batchSize: 1, reportBatchItemFailures: true }));
      acknowledge(dispatch.role, acks);
    }
  }
}
