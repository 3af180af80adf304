import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FALLBACK_RESCUED_METRIC, GUARD_ENV, METRICS_NAMESPACE, UNSUCCESSFUL_STATUSES } from '../model/contract';
import { packagedLambda } from './functions';
import { serviceFunction } from './private/service-function';
import { acknowledge } from './security';
import { bookkeepingTable } from './private/tables';

/** The guard function's source. */
export const GUARD_HANDLER = packagedLambda('dead-letter-guard');

/** Props of a {@link DeadLetterGuard}. */
export interface DeadLetterGuardProps {
  readonly workflowName: string;
  /** The root state machine (children are read through their root's history). */
  readonly stateMachine: sfn.StateMachine;
  /** Child state machines of a partitioned workflow. @default - none */
  readonly childStateMachines?: readonly sfn.StateMachine[];
  readonly deadLetterQueue: sqs.IQueue;
  /** The state machines' log group: the FallbackRescued metric is read from it. */
  readonly stateMachineLogGroup: logs.ILogGroup;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * TimeoutSeconds of the root state machine: the sweep looks back this long plus the 14-day
   * redrive window and a day (a redriven execution keeps its start date).
   * @default one year, Step Functions' longest execution
   */
  readonly executionTimeoutSeconds?: number;
}

/** How often the sweep reconciles ended executions with the letters sent. */
export const SWEEP_INTERVAL = Duration.minutes(15);
/** What the sweep adds to the execution timeout: the 14-day redrive window plus a day. */
export const SWEEP_LOOKBACK_MARGIN_SECONDS = 15 * 86_400;

/**
 * Letters every failed, timed-out or aborted execution: an EventBridge rule on "Step Functions
 * Execution Status Change" (FAILED, TIMED_OUT, ABORTED) of the workflow's root state machine
 * invokes a small function that sends the letters the execution is owed, one per failed unit, read
 * from its history (lambdas/dead-letter-guard.ts, lib/model/guard-decision.ts). Those events are
 * best effort, so a scheduled sweep reconciles from ListExecutions (lambdas/dead-letter-sweep.ts);
 * markers make the two exclusive. Events the guard cannot handle after every retry land in
 * `eventDeadLetterQueue` (never in the workflow's DLQ, whose messages are all letters).
 * Also: the FallbackRescued metric, counted from the `<task>.rescued` states in the state machine log.
 */
export class DeadLetterGuard extends Construct {
  public readonly function: lambda.Function;
  /** The scheduled reconciliation (ListExecutions) behind the best-effort events. */
  public readonly sweepFunction: lambda.Function;
  public readonly sweepRule: events.Rule;
  public readonly rule: events.Rule;
  public readonly markerTable: dynamodb.Table;
  public readonly eventDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterGuardProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.markerTable = bookkeepingTable(this, 'MarkerTable', { timeToLiveAttribute: 'expiration' });
    this.eventDeadLetterQueue = new sqs.Queue(this, 'EventDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    const { fn, role } = serviceFunction(this, 'Function', {
      workflowName: props.workflowName,
      entry: 'dead-letter-guard',
      description: 'sends the dead letters of failed, timed-out and aborted executions',
      timeout: Duration.seconds(60),
      environment: { [GUARD_ENV.queueUrl]: props.deadLetterQueue.queueUrl, [GUARD_ENV.markerTable]: this.markerTable.tableName },
      logRetention: props.logRetention,
      // No X-Ray: its grant would be the role's only wildcard; the guard logs every decision instead.
      tracing: false,
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(this.eventDeadLetterQueue),
    });
    this.function = fn;

    // Least privilege: read the executions of this workflow's machines, send to its DLQ, use its markers.
    const executionsOf = (sm: sfn.StateMachine) => Stack.of(this).formatArn({
      service: 'states', resource: 'execution', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: `${sm.stateMachineName}:*`,
    });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
      resources: [props.stateMachine, ...(props.childStateMachines ?? [])].map(executionsOf),
    }));
    props.deadLetterQueue.grantSendMessages(role);
    this.markerTable.grant(role, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem');
    ({ fn: this.sweepFunction, rule: this.sweepRule } = this.sweep(props, executionsOf));

    this.rule = new events.Rule(this, 'Rule', {
      description: `dagstep ${props.workflowName}: executions that ended ${UNSUCCESSFUL_STATUSES.join(', ')}`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: [...UNSUCCESSFUL_STATUSES], stateMachineArn: [props.stateMachine.stateMachineArn] },
      },
    });
    this.rule.addTarget(new targets.LambdaFunction(this.function, {
      retryAttempts: 185,
      maxEventAge: Duration.hours(24),
      deadLetterQueue: this.eventDeadLetterQueue,
    }));

    new logs.MetricFilter(this, 'FallbackRescued', {
      logGroup: props.stateMachineLogGroup,
      metricNamespace: METRICS_NAMESPACE,
      metricName: FALLBACK_RESCUED_METRIC,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.type', '=', 'PassStateExited'),
        logs.FilterPattern.stringValue('$.details.name', '=', '*.rescued'),
      ),
      metricValue: '1',
      dimensions: { state: '$.details.name' },
    });

    // Executions are named at run time: reading (the guard) and redriving (a parent resuming its
    // child) are scoped to the executions of this workflow's own machines.
    const executionFindings = [props.stateMachine, ...(props.childStateMachines ?? [])].map((sm) => ({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${Stack.of(sm).resolve((sm.node.defaultChild as sfn.CfnStateMachine).logicalId)}.Name>:*]`,
      reason: 'Only the executions of this workflow\'s own state machines (names are generated at run time): the guard reads their history, a parent redrives and describes its child.',
    }));
    acknowledge(role, executionFindings);
    acknowledge(this.sweepFunction.role!, executionFindings);
    acknowledge(props.stateMachine, executionFindings);
    acknowledge(this.eventDeadLetterQueue, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the guard\'s events.' }]);
  }

  /**
   * The sweep: every SWEEP_INTERVAL an EventBridge schedule (scheduled rules invoke their target at
   * least once) runs lambdas/dead-letter-sweep.ts, which letters the ended executions whose
   * status-change event never reached the guard.
   */
  private sweep(props: DeadLetterGuardProps, executionsOf: (sm: sfn.StateMachine) => string): { fn: lambda.Function; rule: events.Rule } {
    const lookback = (props.executionTimeoutSeconds ?? 365 * 86_400) + SWEEP_LOOKBACK_MARGIN_SECONDS;
    const { fn, role } = serviceFunction(this, 'Sweep', {
      workflowName: props.workflowName,
      entry: 'dead-letter-sweep',
      description: 'reconciles ended executions with their dead letters (events are best effort)',
      timeout: Duration.minutes(10),
      environment: {
        [GUARD_ENV.queueUrl]: props.deadLetterQueue.queueUrl, [GUARD_ENV.markerTable]: this.markerTable.tableName,
        [GUARD_ENV.stateMachineArn]: props.stateMachine.stateMachineArn, [GUARD_ENV.lookbackSeconds]: String(lookback),
      },
      logRetention: props.logRetention,
      tracing: false,
      retryAttempts: 0,
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['states:ListExecutions'], resources: [props.stateMachine.stateMachineArn] }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
      resources: [props.stateMachine, ...(props.childStateMachines ?? [])].map(executionsOf),
    }));
    props.deadLetterQueue.grantSendMessages(role);
    this.markerTable.grant(role, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem');
    const rule = new events.Rule(this, 'SweepSchedule', {
      description: `dagstep ${props.workflowName}: reconcile ended executions with their dead letters`,
      schedule: events.Schedule.rate(SWEEP_INTERVAL),
    });
    rule.addTarget(new targets.LambdaFunction(fn, { retryAttempts: 2 }));
    return { fn, rule };
  }
}
