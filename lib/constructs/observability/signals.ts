import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { MetricFactory } from './metric-factory';
import { TASK_METRICS } from '../../model/contract';

/** An alarm as the runbook and the template both see it. */
export interface AlarmSpec {
  /** `<workflow>-<signal>`. */
  readonly name: string;
  readonly signal: string;
  readonly description: string;
  readonly metric: cw.IMetric;
  readonly threshold: number;
  readonly comparison: cw.ComparisonOperator;
  readonly evaluationPeriods: number;
}

/** One signal: the graph that shows it and, when it pages someone, its alarm. */
export interface Signal {
  readonly widget: cw.IWidget;
  readonly alarms: readonly AlarmSpec[];
}

/** Alarm thresholds. Every one has a safe default. */
export interface Thresholds {
  /** Failed executions in one 5-minute period before paging. @default 1 */
  readonly executionsFailed?: number;
  /** Timed-out executions in one period. @default 1 */
  readonly executionsTimedOut?: number;
  /** Throttled executions in one period. @default 1 */
  readonly executionThrottled?: number;
  /** Dead letters waiting. @default 1 (any message means work waits for a human) */
  readonly dlqMessages?: number;
  /** Age of the oldest dead letter, seconds. @default 3600 */
  readonly dlqAgeSeconds?: number;
  /** Lambda errors per function per period (they may be retried). @default 5 */
  readonly lambdaErrors?: number;
  /** Lambda throttles per function per period. @default 1 */
  readonly lambdaThrottles?: number;
  /** Consecutive periods before an alarm fires. @default 1 */
  readonly evaluationPeriods?: number;
}

const GT = cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const LT = cw.ComparisonOperator.LESS_THAN_THRESHOLD;
const ABOVE = cw.ComparisonOperator.GREATER_THAN_THRESHOLD;

/** The inputs every signal function gets. */
export interface SignalContext {
  readonly workflow: string;
  readonly metrics: MetricFactory;
  readonly t: Required<Thresholds>;
  readonly stateMachine: sfn.IStateMachine;
  readonly deadLetterQueue: sqs.IQueue;
  readonly slo?: { readonly p99Seconds: number; readonly successRate: number };
}

/** An alarm of a signal, named `<workflow>-<signal>`. */
export const alarm = (c: SignalContext, signal: string, metric: cw.IMetric, threshold: number, description: string, comparison = GT): AlarmSpec =>
  ({ name: `${c.workflow}-${signal}`, signal, description, metric, threshold, comparison, evaluationPeriods: c.t.evaluationPeriods });

export function executionsSignal(c: SignalContext): Signal {
  const m = (n: Parameters<MetricFactory['execution']>[0]) => c.metrics.execution(n, c.stateMachine);
  return {
    widget: new cw.GraphWidget({ title: 'Executions', left: [m('ExecutionsStarted'), m('ExecutionsSucceeded'), m('ExecutionsFailed'), m('ExecutionsTimedOut')], width: 12 }),
    alarms: [
      alarm(c, 'executions-failed', m('ExecutionsFailed'), c.t.executionsFailed,
        'Executions failed. A task failed for good and its input is in the dead-letter queue: run `dagstep dlq list` and follow the runbook (find the execution, read the dead letter, fix, redrive).'),
      alarm(c, 'executions-timed-out', m('ExecutionsTimedOut'), c.t.executionsTimedOut,
        'Executions ran past the state machine timeout. Check `dagstep history <executionArn>` for the task that was still running; raise its timeoutSeconds or the workflow timeout if it is legitimately slow.'),
      alarm(c, 'executions-throttled', m('ExecutionThrottled'), c.t.executionThrottled,
        'Step Functions throttled state transitions. Check the account quota for StateTransition and spread execution starts.'),
    ],
  };
}

export function successRateSignal(c: SignalContext): Signal {
  const rate = c.metrics.successRate(c.stateMachine);
  return {
    widget: new cw.GraphWidget({
      title: 'Success rate vs SLO', left: [rate], width: 6, leftYAxis: { min: 0, max: 100 },
      leftAnnotations: c.slo ? [{ value: c.slo.successRate * 100, label: `SLO ${c.slo.successRate * 100} %`, color: '#d62728' }] : [],
    }),
    alarms: c.slo ? [alarm(c, 'success-rate', rate, c.slo.successRate * 100,
      `Success rate fell below the SLO (${c.slo.successRate * 100} %). Look at the failed executions by error class (Logs Insights query "failed tasks by error class") and the dead-letter queue.`, LT)] : [],
  };
}

export function durationSignal(c: SignalContext): Signal {
  const p99 = c.metrics.executionTime(c.stateMachine, 'p99');
  return {
    widget: new cw.GraphWidget({
      title: 'Execution duration (ms)', width: 6,
      left: [c.metrics.executionTime(c.stateMachine, 'p50'), c.metrics.executionTime(c.stateMachine, 'p90'), p99],
      leftAnnotations: c.slo ? [{ value: c.slo.p99Seconds * 1000, label: `SLO p99 ${c.slo.p99Seconds} s`, color: '#d62728' }] : [],
    }),
    alarms: c.slo ? [alarm(c, 'p99-duration', p99, c.slo.p99Seconds * 1000,
      `p99 execution time is above the SLO (${c.slo.p99Seconds} s). Run the Logs Insights query "slowest tasks" to find the task that slowed down, and check its retries ("retries per task").`, ABOVE)] : [],
  };
}

/** Most task lines one graph shows; with more tasks the graphs show the top ones. */
export const TASK_GRAPH_CAP = 20;

export function tasksSignal(c: SignalContext, taskCount: number): Signal {
  const top = taskCount > TASK_GRAPH_CAP ? TASK_GRAPH_CAP : undefined;
  const scope = top ? ` (top ${top} of ${taskCount} tasks)` : '';
  return {
    widget: new cw.GraphWidget({
      title: `Tasks: duration p50/p99 (ms), failures, retries${scope}`, width: 24,
      left: [c.metrics.taskSearch(TASK_METRICS.durationMs, 'p50', top), c.metrics.taskSearch(TASK_METRICS.durationMs, 'p99', top)],
      right: [c.metrics.taskSearch(TASK_METRICS.failed, 'Sum', top), c.metrics.taskSearch(TASK_METRICS.retried, 'Sum', top)],
    }),
    alarms: [],
  };
}

export function errorClassSignal(c: SignalContext): Signal {
  return {
    widget: new cw.GraphWidget({ title: 'Task failures by error class', left: [c.metrics.failuresByErrorClass()], width: 12 }),
    alarms: [],
  };
}

export function deadLetterSignal(c: SignalContext): Signal {
  const depth = c.metrics.dlqDepth(c.deadLetterQueue);
  const age = c.metrics.dlqAge(c.deadLetterQueue);
  return {
    widget: new cw.GraphWidget({ title: 'Dead-letter queue', left: [depth], right: [age], width: 12 }),
    alarms: [
      alarm(c, 'dlq-messages', depth, c.t.dlqMessages,
        'Work is waiting in the dead-letter queue. `dagstep dlq list <workflow>` shows each failed task with its error and input; fix the cause, then `dagstep dlq redrive <workflow>`.'),
      alarm(c, 'dlq-age', age, c.t.dlqAgeSeconds,
        'A dead letter has waited too long (messages expire after 14 days). Triage it now: `dagstep dlq list <workflow>`.'),
    ],
  };
}

export function lambdaSignal(c: SignalContext, fn: lambda.IFunction, label: string): Signal {
  const errors = c.metrics.lambda(fn, 'Errors');
  const throttles = c.metrics.lambda(fn, 'Throttles');
  return {
    widget: new cw.GraphWidget({ title: `Lambda ${label}: errors, throttles, concurrency`, left: [errors, throttles], right: [c.metrics.lambda(fn, 'ConcurrentExecutions')], width: 8 }),
    alarms: [
      alarm(c, `${label}-errors`, errors, c.t.lambdaErrors,
        `Function of ${label} is failing. Retries may hide it for now; check its log group and the query "failed tasks by error class".`),
      alarm(c, `${label}-throttles`, throttles, c.t.lambdaThrottles,
        `Function of ${label} is throttled. Lower the map maxConcurrency or raise the function's reserved/account concurrency.`),
    ],
  };
}

/** The non-Lambda tasks calling one service integration, for {@link integrationSignal}. */
export interface IntegrationTasks {
  /** The integration resource (`arn:<partition>:states:::ecs:runTask.sync`). */
  readonly resource: string;
  /** `container`, `glue`, ... (names the alarms). */
  readonly kind: string;
  readonly taskIds: readonly string[];
}

/**
 * The tasks of one kind that run outside Lambda (container, batch, glue, http, sdk, workflow):
 * Step Functions' service integration metrics, their graph and their alarms, like a function's.
 */
export function integrationSignal(c: SignalContext, i: IntegrationTasks): Signal {
  const m = (n: 'ServiceIntegrationsSucceeded' | 'ServiceIntegrationsFailed' | 'ServiceIntegrationsTimedOut') => c.metrics.integration(i.resource, n);
  const tasks = i.taskIds.join(', ');
  return {
    widget: new cw.GraphWidget({
      title: `${i.kind} tasks (${tasks}): succeeded, failed, timed out, run time p99`.slice(0, 200), width: 8,
      left: [m('ServiceIntegrationsSucceeded'), m('ServiceIntegrationsFailed'), m('ServiceIntegrationsTimedOut')],
      right: [c.metrics.integration(i.resource, 'ServiceIntegrationRunTime', 'p99')],
    }),
    alarms: [
      alarm(c, `${i.kind}-failed`, m('ServiceIntegrationsFailed'), c.t.lambdaErrors,
        `The ${i.kind} tasks (${tasks}) are failing. Retries may hide it for now; the failed attempts and their errors are in the execution history (\`dagstep history <executionArn>\`) and, once retries are exhausted, in the dead-letter queue.`),
      alarm(c, `${i.kind}-timed-out`, m('ServiceIntegrationsTimedOut'), 1,
        `One of the ${i.kind} tasks (${tasks}) ran past its timeoutSeconds or missed its heartbeat. Check the job, container or endpoint it runs; raise timeoutSeconds if it is legitimately slow.`),
    ],
  };
}
