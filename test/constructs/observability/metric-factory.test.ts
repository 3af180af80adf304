import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { MetricFactory } from '../../../lib/constructs/observability/metric-factory';

function scope() {
  const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  return {
    sm: sfn.StateMachine.fromStateMachineArn(stack, 'SM', 'arn:aws:states:eu-west-1:123456789012:stateMachine:orders'),
    fn: lambda.Function.fromFunctionName(stack, 'Fn', 'orders-load'),
    q: sqs.Queue.fromQueueArn(stack, 'Q', 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq'),
  };
}
const f = new MetricFactory('orders', Duration.minutes(5));

describe('MetricFactory', () => {
  test('execution metrics are Sums over 5 minutes, labelled without the Executions prefix', () => {
    // GIVEN
    const { sm } = scope();
    // WHEN
    const m = f.execution('ExecutionsTimedOut', sm);
    // THEN
    expect([m.namespace, m.metricName, m.statistic, m.period.toSeconds(), m.label, m.dimensions]).toStrictEqual([
      'AWS/States', 'ExecutionsTimedOut', 'Sum', 300, 'TimedOut', { StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:orders' },
    ]);
  });

  test('the success rate is succeeded / (succeeded + failed + timed out), 100 % when nothing ran', () => {
    // GIVEN
    const { sm } = scope();
    // WHEN
    const rate = f.successRate(sm);
    // THEN
    expect(rate.expression).toBe('IF(s + f + t > 0, 100 * s / (s + f + t), 100)');
    expect(Object.entries(rate.usingMetrics).map(([k, m]) => [k, (m as any).metricName])).toStrictEqual([
      ['s', 'ExecutionsSucceeded'], ['f', 'ExecutionsFailed'], ['t', 'ExecutionsTimedOut'],
    ]);
  });

  test('task metrics come from one SEARCH over the wrapper\'s EMF dimensions, optionally capped to the top N', () => {
    // GIVEN / WHEN / THEN
    expect(f.taskSearch('TaskRetried', 'Sum').expression).toBe(`SEARCH('{dagstep,service,workflow,task} MetricName="TaskRetried" workflow="orders"', 'Sum', 300)`);
    expect(f.taskSearch('TaskDurationMs', 'p99', 20).expression).toBe(`SORT(SEARCH('{dagstep,service,workflow,task} MetricName="TaskDurationMs" workflow="orders"', 'p99', 300), MAX, DESC, 20)`);
    expect(f.failuresByErrorClass().expression).toBe(`SEARCH('{dagstep,service,workflow,task,errorClass} MetricName="TaskFailed" workflow="orders"', 'Sum', 300)`);
  });

  test('Lambda and DLQ metrics use the statistic their alarm needs', () => {
    // GIVEN
    const { fn, q } = scope();
    // WHEN
    const ms = [f.lambda(fn, 'Errors'), f.lambda(fn, 'ConcurrentExecutions'), f.dlqDepth(q), f.dlqAge(q), f.executionTime(scope().sm, 'p90')];
    // THEN
    expect(ms.map((m) => [m.namespace, m.metricName, m.statistic])).toStrictEqual([
      ['AWS/Lambda', 'Errors', 'Sum'], ['AWS/Lambda', 'ConcurrentExecutions', 'Maximum'],
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum'], ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'Maximum'],
      ['AWS/States', 'ExecutionTime', 'p90'],
    ]);
  });
});
