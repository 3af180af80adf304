import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { METRICS_NAMESPACE, TASK_METRICS, TaskMetricName } from '../../model/contract';


/**
 * The one place metrics are made, so names, periods and statistics stay consistent between an
 * alarm and the graph that shows it.
 */
export class MetricFactory {
  constructor(private readonly workflow: string, private readonly period: Duration = Duration.minutes(5)) {}

  execution(name: 'ExecutionsStarted' | 'ExecutionsSucceeded' | 'ExecutionsFailed' | 'ExecutionsTimedOut' | 'ExecutionThrottled' | 'ExecutionsAborted',
    sm: sfn.IStateMachine): cw.Metric {
    return sm.metric(name, { statistic: 'Sum', period: this.period, label: name.replace(/^Executions?/, '') });
  }

  executionTime(sm: sfn.IStateMachine, statistic: 'p50' | 'p90' | 'p99'): cw.Metric {
    return sm.metricTime({ statistic, period: this.period, label: `${statistic} execution time` });
  }

  /** Succeeded ÷ (succeeded + failed + timed out), in percent. */
  successRate(sm: sfn.IStateMachine): cw.MathExpression {
    return new cw.MathExpression({
      expression: 'IF(s + f + t > 0, 100 * s / (s + f + t), 100)',
      usingMetrics: { s: this.execution('ExecutionsSucceeded', sm), f: this.execution('ExecutionsFailed', sm), t: this.execution('ExecutionsTimedOut', sm) },
      period: this.period,
      label: 'success rate %',
    });
  }

  /**
   * A task metric the wrapper emits (EMF, dimensions service, workflow, task), one line per task,
   * from one SEARCH however many tasks there are; with `top`, only the `top` highest lines
   * (SORT by maximum), so 1,000 tasks still make a readable graph.
   */
  taskSearch(name: TaskMetricName, statistic: string, top?: number): cw.MathExpression {
    const search = `SEARCH('{${METRICS_NAMESPACE},service,workflow,task} MetricName="${name}" workflow="${this.workflow}"', '${statistic}', ${this.period.toSeconds()})`;
    return new cw.MathExpression({
      expression: top === undefined ? search : `SORT(${search}, MAX, DESC, ${top})`,
      period: this.period,
      label: `${name} ${statistic}`,
    });
  }

  /** Task failures by error class (the wrapper's TaskFailed with dimension errorClass), summed over tasks. */
  failuresByErrorClass(): cw.MathExpression {
    return new cw.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},service,workflow,task,errorClass} MetricName="${TASK_METRICS.failed}" workflow="${this.workflow}"', 'Sum', ${this.period.toSeconds()})`,
      period: this.period,
      label: 'TaskFailed by task and error class',
    });
  }

  /** A metric dagstep's own functions emit (EMF, namespace dagstep, dimension workflow). */
  custom(name: string, label: string, statistic = 'Sum', period: Duration = this.period): cw.Metric {
    return new cw.Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { workflow: this.workflow }, statistic, period, label });
  }

  lambda(fn: lambda.IFunction, name: 'Errors' | 'Throttles' | 'ConcurrentExecutions'): cw.Metric {
    return fn.metric(name, { statistic: name === 'ConcurrentExecutions' ? 'Maximum' : 'Sum', period: this.period });
  }

  /**
   * A Step Functions service integration metric (container, batch, glue, http, sdk and workflow
   * tasks), by integration resource (`arn:<partition>:states:::glue:startJobRun.sync`).
   */
  integration(resource: string, name: 'ServiceIntegrationsSucceeded' | 'ServiceIntegrationsFailed' | 'ServiceIntegrationsTimedOut' | 'ServiceIntegrationRunTime', statistic = 'Sum'): cw.Metric {
    return new cw.Metric({
      namespace: 'AWS/States', metricName: name, dimensionsMap: { ServiceIntegrationResourceArn: resource },
      statistic, period: this.period, label: name.replace(/^ServiceIntegrations?/, ''),
    });
  }

  dlqDepth(q: sqs.IQueue): cw.Metric {
    return q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: this.period, label: 'DLQ messages' });
  }

  dlqAge(q: sqs.IQueue): cw.Metric {
    return q.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: this.period, label: 'oldest DLQ message (s)' });
  }
}
