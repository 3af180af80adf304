import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { WorkflowObservability, WorkflowObservabilityProps } from '../../../lib/constructs/observability';

type Overrides = Partial<Omit<WorkflowObservabilityProps, 'stateMachine' | 'deadLetterQueue' | 'logGroups' | 'functions'>> & {
  readonly functionTasks?: readonly (readonly string[])[];
  readonly topic?: boolean;
};

/** A small stack: inline functions, a one-state machine, a queue, a log group, and the construct under test. */
function build(o: Overrides = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'S');
  const functions = (o.functionTasks ?? [['extract'], ['load', 'notify']]).map((taskIds, i) => ({
    fn: new lambda.Function(stack, `Fn${i}`, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})') }),
    taskIds,
  }));
  const stateMachine = new sfn.StateMachine(stack, 'SM', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')) });
  const obs = new WorkflowObservability(stack, 'Obs', {
    workflowName: 'orders', stateMachine, functions, deadLetterQueue: new sqs.Queue(stack, 'DLQ'), logGroups: [new logs.LogGroup(stack, 'Logs')],
    slo: { p99Seconds: 600, successRate: 0.99 },
    ...(o.topic ? { alarmTopic: new sns.Topic(stack, 'Mine') } : {}),
    ...o,
  });
  return { obs, template: Template.fromStack(stack), stack };
}

/** An alarm reduced to what it watches: one metric (name, namespace, stat) or a math expression. */
function summary(a: any) {
  const watched = a.Metrics
    ? (a.Metrics.length === 1
      ? { metric: `${a.Metrics[0].MetricStat.Metric.Namespace} ${a.Metrics[0].MetricStat.Metric.MetricName} ${a.Metrics[0].MetricStat.Stat}` }
      : { expression: a.Metrics.find((m: any) => m.Expression).Expression, of: a.Metrics.filter((m: any) => m.MetricStat).map((m: any) => `${m.Id}=${m.MetricStat.Metric.MetricName}`) })
    : { metric: `${a.Namespace} ${a.MetricName} ${a.Statistic}` };
  return { name: a.AlarmName, ...watched, op: a.ComparisonOperator, threshold: a.Threshold, periods: a.EvaluationPeriods, actions: a.AlarmActions.length };
}
const alarmsOf = (t: Template) => Object.values<any>(t.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);

/** The dashboard body as JSON (a Fn::Join of literal parts and references, replaced by "REF"). */
function dashboardBody(t: Template): any {
  const bodies = Object.values<any>(t.findResources('AWS::CloudWatch::Dashboard')).map((d) => d.Properties.DashboardBody);
  expect(bodies).toHaveLength(1);
  const body = bodies[0];
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'REF')).join('');
  return JSON.parse(text);
}

const GE = 'GreaterThanOrEqualToThreshold';

describe('WorkflowObservability', () => {
  test('every alarm: name, metric, threshold, comparison and one SNS action', () => {
    // GIVEN / WHEN
    const { template, obs } = build();
    // THEN
    expect(alarmsOf(template).map(summary)).toStrictEqual([
      { name: 'orders-executions-failed', metric: 'AWS/States ExecutionsFailed Sum', op: GE, threshold: 1, periods: 1, actions: 1 },
      { name: 'orders-executions-timed-out', metric: 'AWS/States ExecutionsTimedOut Sum', op: GE, threshold: 1, periods: 1, actions: 1 },
      { name: 'orders-executions-throttled', metric: 'AWS/States ExecutionThrottled Sum', op: GE, threshold: 1, periods: 1, actions: 1 },
      { name: 'orders-dlq-messages', metric: 'AWS/SQS ApproximateNumberOfMessagesVisible Maximum', op: GE, threshold: 1, periods: 1, actions: 1 },
      { name: 'orders-dlq-age', metric: 'AWS/SQS ApproximateAgeOfOldestMessage Maximum', op: GE, threshold: 3600, periods: 1, actions: 1 },
      {
        name: 'orders-success-rate', expression: 'IF(s + f + t > 0, 100 * s / (s + f + t), 100)', of: ['s=ExecutionsSucceeded', 'f=ExecutionsFailed', 't=ExecutionsTimedOut'],
        op: 'LessThanThreshold', threshold: 99, periods: 1, actions: 1,
      },
      { name: 'orders-p99-duration', metric: 'AWS/States ExecutionTime p99', op: 'GreaterThanThreshold', threshold: 600000, periods: 1, actions: 1 },
      { name: 'orders-extract-errors', metric: 'AWS/Lambda Errors Sum', op: GE, threshold: 5, periods: 1, actions: 1 },
      { name: 'orders-extract-throttles', metric: 'AWS/Lambda Throttles Sum', op: GE, threshold: 1, periods: 1, actions: 1 },
      { name: 'orders-load-and-1-more-errors', metric: 'AWS/Lambda Errors Sum', op: GE, threshold: 5, periods: 1, actions: 1 },
      { name: 'orders-load-and-1-more-throttles', metric: 'AWS/Lambda Throttles Sum', op: GE, threshold: 1, periods: 1, actions: 1 },
    ]);
    // the alarms the runbook documents are the alarms deployed, with the same descriptions
    expect(alarmsOf(template).map((a) => [a.AlarmName, a.AlarmDescription])).toStrictEqual(obs.alarmSpecs().map((s) => [s.name, s.description]));
    expect(obs.alarms.length).toBe(11);
  });

  test('each alarm description says what to do', () => {
    // GIVEN / WHEN
    const descriptions = Object.fromEntries(alarmsOf(build().template).map((a) => [a.AlarmName, a.AlarmDescription]));
    // THEN
    expect(descriptions['orders-dlq-messages']).toBe('Work is waiting in the dead-letter queue. `dagstep dlq list <workflow>` shows each failed task with its error and input; fix the cause, then `dagstep dlq redrive <workflow>`.');
    expect(descriptions['orders-executions-failed']).toBe('Executions failed. A task failed for good and its input is in the dead-letter queue: run `dagstep dlq list` and follow the runbook (find the execution, read the dead letter, fix, redrive).');
    expect(descriptions['orders-load-and-1-more-throttles']).toBe("Function of load-and-1-more is throttled. Lower the map maxConcurrency or raise the function's reserved/account concurrency.");
    expect(descriptions['orders-p99-duration']).toBe('p99 execution time is above the SLO (600 s). Run the Logs Insights query "slowest tasks" to find the task that slowed down, and check its retries ("retries per task").');
  });

  test('thresholds override the defaults; without an SLO there are no SLO alarms; a runbook URL is in every description', () => {
    // GIVEN / WHEN
    const { template } = build({ slo: undefined, thresholds: { dlqAgeSeconds: 600, lambdaErrors: 2, evaluationPeriods: 3 }, runbookUrl: 'https://wiki/orders' });
    // THEN
    const alarms = alarmsOf(template);
    expect(alarms.map((a) => a.AlarmName)).toStrictEqual([
      'orders-executions-failed', 'orders-executions-timed-out', 'orders-executions-throttled', 'orders-dlq-messages', 'orders-dlq-age',
      'orders-extract-errors', 'orders-extract-throttles', 'orders-load-and-1-more-errors', 'orders-load-and-1-more-throttles',
    ]);
    expect(alarms.map((a) => [a.Threshold, a.EvaluationPeriods])).toStrictEqual([[1, 3], [1, 3], [1, 3], [1, 3], [600, 3], [2, 3], [1, 3], [2, 3], [1, 3]]);
    expect(alarms.filter((a) => !a.AlarmDescription.endsWith(' Runbook: https://wiki/orders'))).toStrictEqual([]);
  });

  test('one dashboard: runbook and queries text, executions, DLQ, success rate vs SLO, durations, tasks, error classes, each function', () => {
    // GIVEN / WHEN
    const body = dashboardBody(build({ taskIds: ['extract', 'load', 'notify'] }).template);
    // THEN
    expect(body.widgets.map((w: any) => [w.type, w.properties.title ?? w.properties.markdown.split('\n')[0]])).toStrictEqual([
      ['text', '# orders (3 tasks)'],
      ['metric', 'Executions'], ['metric', 'Dead-letter queue'],
      ['metric', 'Success rate vs SLO'], ['metric', 'Execution duration (ms)'],
      ['metric', 'Tasks: duration p50/p99 (ms), failures, retries'], ['metric', 'Task failures by error class'],
      ['metric', 'Lambda extract: errors, throttles, concurrency'], ['metric', 'Lambda load-and-1-more: errors, throttles, concurrency'],
    ]);
    expect(body.widgets[0].properties.markdown.split('\n')[1]).toBe('Runbook: the last widget of this dashboard (`dagstep runbook <spec>` prints it) · Logs Insights saved queries: '
      + '"dagstep/orders/failed tasks by error class", "dagstep/orders/slowest tasks", "dagstep/orders/all log lines of one execution (replace EXECUTION_ARN)", '
      + '"dagstep/orders/retries per task" · alarms notify the SNS topic');
    const executions = body.widgets[1].properties.metrics.map((m: any[]) => m.slice(0, 2).join(' '));
    expect(executions).toStrictEqual(['AWS/States ExecutionsStarted', 'AWS/States ExecutionsSucceeded', 'AWS/States ExecutionsFailed', 'AWS/States ExecutionsTimedOut']);
    expect(body.widgets[3].properties.annotations).toStrictEqual({ horizontal: [{ value: 99, label: 'SLO 99 %', color: '#d62728', yAxis: 'left' }] });
    expect(body.widgets[4].properties.metrics.map((m: any[]) => m[m.length - 1].stat)).toStrictEqual(['p50', 'p90', 'p99']);
    const search = (name: string, stat: string) => `SEARCH('{dagstep,service,workflow,task} MetricName="${name}" workflow="orders"', '${stat}', 300)`;
    expect(body.widgets[5].properties.metrics.map((m: any[]) => m[0].expression)).toStrictEqual([
      search('TaskDurationMs', 'p50'), search('TaskDurationMs', 'p99'), search('TaskFailed', 'Sum'), search('TaskRetried', 'Sum'),
    ]);
    expect(body.widgets[6].properties.metrics[0][0].expression).toBe(`SEARCH('{dagstep,service,workflow,task,errorClass} MetricName="TaskFailed" workflow="orders"', 'Sum', 300)`);
    expect(body.widgets[7].properties.metrics.map((m: any[]) => m.slice(0, 2).join(' '))).toStrictEqual(['AWS/Lambda Errors', 'AWS/Lambda Throttles', 'AWS/Lambda ConcurrentExecutions']);
  });

  test('saved Logs Insights queries over the given log groups', () => {
    // GIVEN / WHEN
    const { template, obs } = build();
    // THEN
    const queries = Object.values<any>(template.findResources('AWS::Logs::QueryDefinition')).map((q) => q.Properties);
    expect(queries.map((q) => [q.Name, q.QueryString])).toStrictEqual([
      ['dagstep/orders/failed tasks by error class',
        'fields @timestamp, taskId, errorClass, executionId\n| filter message = "task failed"\n| stats count(*) as failures by taskId, errorClass\n| sort failures desc'],
      ['dagstep/orders/slowest tasks',
        'filter message = "task succeeded"\n| stats max(durationMs) as maxMs, pct(durationMs, 99) as p99Ms, avg(durationMs) as avgMs by taskId\n| sort p99Ms desc\n| limit 20'],
      ['dagstep/orders/all log lines of one execution (replace EXECUTION_ARN)',
        'fields @timestamp, taskId, attempt, level, message, errorClass\n| filter executionId = "EXECUTION_ARN" or execution_arn = "EXECUTION_ARN"\n| sort @timestamp asc'],
      ['dagstep/orders/retries per task', 'filter message = "task started"\n| filter attempt > 0\n| stats count(*) as retries by taskId\n| sort retries desc'],
    ]);
    const logGroup = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    expect(queries.map((q) => q.LogGroupNames)).toStrictEqual(Array(4).fill([{ Ref: logGroup }]));
    expect(obs.queries.length).toBe(4);
  });

  test('the default topic is TLS-only and encrypted with its own rotating key that CloudWatch alarms may use; no subscription unless an email is given', () => {
    // GIVEN / WHEN
    const plain = build().template;
    const withEmail = build({ alarmEmail: 'oncall@example.com' }).template;
    // THEN the topic uses the customer-managed key (alias/aws/sns would block CloudWatch)
    const keys = Object.keys(plain.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(1);
    plain.resourcePropertiesCountIs('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keys[0], 'Arn'] }, DisplayName: 'dagstep orders alarms' }, 1);
    plain.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([{
        Sid: 'AllowCloudWatchAlarmsToPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }]) },
    });
    plain.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    plain.resourceCountIs('AWS::SNS::Subscription', 0);
    withEmail.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' }, 1);
  });

  test('a given topic gets no key from dagstep', () => {
    // GIVEN the user's topic / WHEN built / THEN no key is created
    build({ topic: true }).template.resourceCountIs('AWS::KMS::Key', 0);
  });

  test('a given topic receives every alarm and no topic is created', () => {
    // GIVEN / WHEN
    const { template, obs } = build({ topic: true });
    // THEN
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toStrictEqual([expect.stringMatching(/^Mine/)]);
    expect([...new Set(alarmsOf(template).map((a) => JSON.stringify(a.AlarmActions)))]).toStrictEqual([JSON.stringify([{ Ref: topics[0] }])]);
    expect(obs.topic.node.id).toBe('Mine');
  });

  test('1,000 tasks on 3 functions: alarms stay per function, task graphs show the top 20, the template stays far below 1 MB', () => {
    // GIVEN
    const ids = Array.from({ length: 1000 }, (_, i) => `task_${i}`);
    // WHEN
    const { template } = build({ taskIds: ids, functionTasks: [ids.slice(0, 400), ids.slice(400, 900), ids.slice(900)] });
    // THEN
    expect(alarmsOf(template).length).toBe(7 + 2 * 3);
    const bytes = Buffer.byteLength(JSON.stringify(template.toJSON()));
    expect(bytes).toBeLessThan(100_000);
    const tasks = dashboardBody(template).widgets.find((w: any) => w.properties.title?.startsWith('Tasks:'));
    expect(tasks.properties.title).toBe('Tasks: duration p50/p99 (ms), failures, retries (top 20 of 1000 tasks)');
    expect(tasks.properties.metrics[0][0].expression).toBe(`SORT(SEARCH('{dagstep,service,workflow,task} MetricName="TaskDurationMs" workflow="orders"', 'p50', 300), MAX, DESC, 20)`);
  });
});
