import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WorkflowStack } from '../../../lib/constructs/workflow-stack';
import { EXAMPLES } from '../../../examples';

function synth(name: string, props: { alarmEmail?: string } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new WorkflowStack(app, undefined, { model: EXAMPLES.find((e) => e.name === name)!.load(), ...props });
  return { stack, template: Template.fromStack(stack) };
}

/** The dashboard body as JSON (it is a Fn::Join of literal parts and references). */
function dashboardBody(template: Template): any {
  const d = Object.values<any>(template.findResources('AWS::CloudWatch::Dashboard'))[0];
  const body = d.Properties.DashboardBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : '"REF"')).join('');
  return JSON.parse(text.replace(/""REF""/g, '"REF"'));
}

describe.each(EXAMPLES.map((e) => e.name))('observability of the %s example', (name) => {
  const { stack, template } = synth(name);
  const model = EXAMPLES.find((e) => e.name === name)!.load();

  test('X-Ray is active on every function and on the state machine; Powertools is configured', () => {
    const fns = Object.values<any>(template.findResources('AWS::Lambda::Function'));
    expect(fns.length).toBeGreaterThan(0);
    for (const f of fns) {
      expect(f.Properties.TracingConfig).toStrictEqual({ Mode: 'Active' });
      expect(f.Properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: model.name, POWERTOOLS_METRICS_NAMESPACE: 'dagstep' });
    }
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { TracingConfiguration: { Enabled: true } });
  });

  test('every alarm, named <workflow>-<signal>, with a description that says what to do', () => {
    const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const names = alarms.map((a) => a.AlarmName).sort();
    const perFunction = stack.workflow.functions.flatMap((f) => {
      const label = f.taskIds.length === 1 ? f.taskIds[0] : `${f.taskIds[0]}-and-${f.taskIds.length - 1}-more`;
      return [`${model.name}-${label}-errors`, `${model.name}-${label}-throttles`];
    });
    expect(names).toStrictEqual([
      `${model.name}-dlq-age`, `${model.name}-dlq-messages`, `${model.name}-executions-failed`, `${model.name}-executions-throttled`,
      `${model.name}-executions-timed-out`, `${model.name}-p99-duration`, `${model.name}-success-rate`, ...perFunction,
    ].sort());
    for (const a of alarms) {
      expect(a.AlarmDescription.length).toBeGreaterThan(40);
      expect(a.AlarmActions).toHaveLength(1);
    }
    // An alarm on a labelled metric renders as a one-metric Metrics array: read either form.
    const byName = (n: string) => {
      const a = alarms.find((x) => x.AlarmName === `${model.name}-${n}`);
      const stat = a.Metrics?.find((m: any) => m.MetricStat)?.MetricStat;
      return stat ? { ...a, MetricName: stat.Metric.MetricName, Namespace: stat.Metric.Namespace, ...(stat.Stat.startsWith('p') ? { ExtendedStatistic: stat.Stat } : {}) } : a;
    };
    expect(byName('executions-failed')).toMatchObject({ MetricName: 'ExecutionsFailed', Namespace: 'AWS/States', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(byName('dlq-messages')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1 });
    expect(byName('dlq-age')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 3600 });
    expect(byName('p99-duration')).toMatchObject({ MetricName: 'ExecutionTime', ExtendedStatistic: 'p99', Threshold: model.slo!.p99Seconds * 1000 });
    expect(byName('success-rate')).toMatchObject({ Threshold: model.slo!.successRate * 100, ComparisonOperator: 'LessThanThreshold' });
  });

  test('one dashboard with the executions, SLO, duration, task, DLQ and Lambda widgets and a runbook link', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = dashboardBody(template);
    const titles = body.widgets.map((w: any) => w.properties.title).filter(Boolean);
    expect(titles.slice(0, 5)).toStrictEqual([
      'Executions', 'Dead-letter queue', 'Success rate vs SLO', 'Execution duration (ms)', 'Tasks: duration p50/p99 (ms), failures, retries',
    ]);
    expect(titles.filter((t: string) => t.startsWith('Lambda ')).length).toBe(stack.workflow.functions.length);
    expect(body.widgets[0].properties.markdown).toContain('[Runbook](docs/');
    expect(JSON.stringify(body)).toContain('SEARCH(');
  });

  test('saved Logs Insights queries: failures by error class, slowest tasks, one execution, retries', () => {
    const q = Object.values<any>(template.findResources('AWS::Logs::QueryDefinition')).map((x) => x.Properties);
    expect(q.map((x) => x.Name)).toStrictEqual([
      `dagstep/${model.name}/failed tasks by error class`, `dagstep/${model.name}/slowest tasks`,
      `dagstep/${model.name}/all log lines of one execution (replace EXECUTION_ARN)`, `dagstep/${model.name}/retries per task`,
    ]);
    expect(q[0].QueryString).toContain('stats count(*) as failures by taskId, errorClass');
    expect(q[0].LogGroupNames.length).toBe(stack.workflow.functions.length + 1);
  });

  test('the SNS topic is encrypted and TLS-only; the stack outputs what the CLI resolves', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: 'alias/aws/sns' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
    expect(Object.keys(template.toJSON().Outputs).sort()).toStrictEqual(['AlarmTopicArn', 'DashboardName', 'DeadLetterQueueArn', 'DeadLetterQueueUrl', 'StateMachineArn']);
  });
});

test('an alarm email subscribes to the topic', () => {
  const { template } = synth('etl', { alarmEmail: 'oncall@example.com' });
  template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
});
