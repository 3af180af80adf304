import { Match } from 'aws-cdk-lib/assertions';
import { integrationTasks, stateMachineExportName } from '../../lib/constructs/task-resources';
import { synthWorkflow } from '../support/kind-stack';
import { task, workflow } from '../support/models';

const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/t';

describe('TaskResources', () => {
  const model = workflow('ops', [
    task('load', [], { glue: { jobName: 'load' } }),
    task('load2', ['load'], { glue: { jobName: 'load2' } }),
    task('mark', ['load2'], { sdk: { service: 'dynamodb', action: 'updateItem', resource: TABLE, parameters: { TableName: 't' } } }),
    task('notify', ['mark'], { sideEffects: 'none' }),
  ]);

  test('non-Lambda tasks are grouped by the integration they call', () => {
    // WHEN / THEN
    expect(integrationTasks(model).map((i) => [i.kind, i.taskIds])).toStrictEqual([['glue', ['load', 'load2']], ['sdk-dynamodb-updateItem', ['mark']]]);
    expect(stateMachineExportName('nightly_batch')).toBe('Dagstep-nightly-batch-StateMachineArn');
  });

  test('each integration gets a dashboard graph and failure/timeout alarms, like a function', () => {
    // WHEN synthesized with observability
    const { template } = synthWorkflow(model, true);
    // THEN
    const metric = (name: string) => [Match.objectLike({ MetricStat: Match.objectLike({ Metric: {
      Namespace: 'AWS/States', MetricName: name,
      Dimensions: [{ Name: 'ServiceIntegrationResourceArn', Value: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::glue:startJobRun.sync']] } }],
    } }) })];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'ops-glue-failed', Threshold: 5, Metrics: metric('ServiceIntegrationsFailed') });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'ops-glue-timed-out', Threshold: 1, Metrics: metric('ServiceIntegrationsTimedOut') });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'ops-sdk-dynamodb-updateItem-failed' });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardBody: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('glue tasks \\(load, load2\\): succeeded, failed, timed out')])] },
    });
  });
});
