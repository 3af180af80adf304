import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MetricFactory } from './metric-factory';
import { createQueries, QUERIES } from './queries';
import {
  AlarmSpec, deadLetterSignal, integrationSignal, IntegrationTasks, durationSignal, errorClassSignal, executionsSignal, lambdaSignal, Signal, SignalContext,
    successRateSignal,
  tasksSignal, Thresholds,
} from './signals';

export type { AlarmSpec, IntegrationTasks, Signal, SignalContext, Thresholds } from './signals';

/** Props of {@link WorkflowObservability}. */
export interface WorkflowObservabilityProps {
  readonly workflowName: string;
  readonly stateMachine: sfn.IStateMachine;
  /** The task functions, with the tasks each serves (alarms are per function, not per task). */
  readonly functions: readonly { readonly fn: lambda.IFunction; readonly taskIds: readonly string[] }[];
  /** Every task of the workflow. @default - the tasks the functions serve */
  readonly taskIds?: readonly string[];
  readonly deadLetterQueue: sqs.IQueue;
  /** Tasks that run outside Lambda, by service integration. @default - none */
  readonly integrations?: readonly IntegrationTasks[];
  /** Log groups the saved queries search (functions and state machine). */
  readonly logGroups: readonly logs.ILogGroup[];
  /** @default - no SLO alarms; the graphs show no SLO line */
  readonly slo?: { readonly p99Seconds: number; readonly successRate: number };
  /**
   * Where alarms notify. @default - a new SNS topic, TLS only, encrypted with its own
   * customer-managed KMS key (rotation on) whose policy lets CloudWatch alarms publish to it
   */
  readonly alarmTopic?: sns.ITopic;
  /** An email to subscribe to the new topic. @default - no subscription */
  readonly alarmEmail?: string;
  /** @default - see {@link Thresholds} */
  readonly thresholds?: Thresholds;
  /**
   * Where the runbook lives: linked from the dashboard and appended to every alarm description.
   * @default - the runbook is on the dashboard itself (its last widget, see runbook-widget.ts); alarms link nothing
   */
  readonly runbookUrl?: string;
}

/**
 * Alarms, a dashboard and saved Logs Insights queries for one workflow, generated from the model.
 * Each signal adds its graph and its alarm together, so the two never drift apart.
 */
export class WorkflowObservability extends Construct {
  public readonly topic: sns.ITopic;
  public readonly alarms: cw.Alarm[] = [];
  public readonly dashboard: cw.Dashboard;
  public readonly queries: logs.QueryDefinition[];
  /** What signal functions need (for signals added later with {@link addSignals}). */
  public readonly context: SignalContext;
  private readonly specs: AlarmSpec[] = [];
  private readonly runbookUrl?: string;

  constructor(scope: Construct, id: string, props: WorkflowObservabilityProps) {
    super(scope, id);
    this.runbookUrl = props.runbookUrl;
    const t: Required<Thresholds> = {
      executionsFailed: 1, executionsTimedOut: 1, executionThrottled: 1, dlqMessages: 1, dlqAgeSeconds: 3600,
      lambdaErrors: 5, lambdaThrottles: 1, evaluationPeriods: 1, ...props.thresholds,
    };
    if (props.alarmTopic) {
      this.topic = props.alarmTopic;
    } else {
      const topic = new sns.Topic(this, 'AlarmTopic', {
        displayName: `dagstep ${props.workflowName} alarms`,
        enforceSSL: true,
        masterKey: alarmTopicKey(this, props.workflowName),
      });
      if (props.alarmEmail) topic.addSubscription(new subs.EmailSubscription(props.alarmEmail));
      this.topic = topic;
    }
    const c: SignalContext = {
      workflow: props.workflowName, metrics: new MetricFactory(props.workflowName, Duration.minutes(5)), t,
      stateMachine: props.stateMachine, deadLetterQueue: props.deadLetterQueue, slo: props.slo,
    };
    this.context = c;
    const taskCount = new Set(props.taskIds ?? props.functions.flatMap((f) => f.taskIds)).size;
    const signals: Signal[] = [
      executionsSignal(c), deadLetterSignal(c), successRateSignal(c), durationSignal(c), tasksSignal(c, taskCount), errorClassSignal(c),
      ...props.functions.map((f) => lambdaSignal(c, f.fn, functionLabel(f.taskIds))),
      ...(props.integrations ?? []).map((i) => integrationSignal(c, i)),
    ];
    for (const s of signals) for (const a of s.alarms) this.addAlarm(a);
    this.queries = createQueries(this, props.workflowName, props.logGroups);
    const runbook = props.runbookUrl !== undefined ? `[Runbook](${props.runbookUrl})` : 'Runbook: the last widget of this dashboard (`dagstep runbook <spec>` prints it)';
    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: `dagstep-${props.workflowName}`,
      defaultInterval: Duration.hours(24),
      widgets: [
        [new cw.TextWidget({
          width: 24, height: 3,
          markdown: `# ${props.workflowName} (${taskCount} tasks)\n${runbook} · Logs Insights saved queries: ${QUERIES.map((q) => `"dagstep/${props.workflowName}/${q.title}"`).join(', ')} · alarms notify the SNS topic`,
        })],
        ...rows(signals.map((s) => s.widget)),
      ],
    });
  }

  /** Adds signals made after the workflow (triggers, concurrency): their alarms and a dashboard row. */
  addSignals(signals: readonly Signal[]): void {
    for (const s of signals) for (const a of s.alarms) this.addAlarm(a);
    for (const row of rows(signals.map((s) => s.widget))) this.dashboard.addWidgets(...row);
  }

  /** The alarm a canary or linear deployment rolls back on: the executions-failed alarm. */
  rollbackAlarmNames(): string[] {
    return this.specs.filter((s) => s.signal === 'executions-failed').map((s) => s.name);
  }

  /** Every alarm, as the runbook documents it. */
  alarmSpecs(): readonly AlarmSpec[] {
    return this.specs;
  }

  private addAlarm(spec: AlarmSpec): void {
    const alarm = new cw.Alarm(this, `Alarm-${spec.signal}`, {
      alarmName: spec.name,
      alarmDescription: this.runbookUrl ? `${spec.description} Runbook: ${this.runbookUrl}` : spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      evaluationPeriods: spec.evaluationPeriods,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(this.topic));
    this.alarms.push(alarm);
    this.specs.push(spec);
  }
}

/**
 * The alarm topic's key. The AWS managed key alias/aws/sns does not let CloudWatch publish (its
 * policy cannot be changed), so alarms would never arrive; this key grants CloudWatch alarms of
 * this account GenerateDataKey and Decrypt, and rotates yearly.
 */
function alarmTopicKey(scope: Construct, workflow: string): kms.Key {
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: `dagstep ${workflow}: encrypts the alarm topic; CloudWatch alarms may publish`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  }));
  return key;
}

/** A function's label in alarm names: its first task, and how many more it serves. */
function functionLabel(taskIds: readonly string[]): string {
  return taskIds.length === 1 ? taskIds[0] : `${taskIds[0]}-and-${taskIds.length - 1}-more`;
}

/** Packs widgets into dashboard rows of at most 24 columns. */
function rows(widgets: readonly cw.IWidget[]): cw.IWidget[][] {
  const out: cw.IWidget[][] = [];
  let row: cw.IWidget[] = [];
  let width = 0;
  for (const w of widgets) {
    if (width + w.width > 24) { out.push(row); row = []; width = 0; }
    row.push(w);
    width += w.width;
  }
  if (row.length > 0) out.push(row);
  return out;
}
