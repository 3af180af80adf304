import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { MetricFactory } from '../../../lib/constructs/observability/metric-factory';
import type { SignalContext } from '../../../lib/constructs/observability/signals';
import { concurrencySignal, failedStartsSignal, QUEUED_RUN_MAX_AGE, sqsTriggerSignal, starterSignal } from '../../../lib/constructs/observability/trigger-signals';

function context() {
  const stack = new Stack(new App(), 'S');
  const c: SignalContext = {
    workflow: 'nightly', metrics: new MetricFactory('nightly', Duration.minutes(5)),
    t: { executionsFailed: 1, executionsTimedOut: 1, executionThrottled: 1, dlqMessages: 1, dlqAgeSeconds: 3600, lambdaErrors: 5, lambdaThrottles: 1,
      evaluationPeriods: 2 },
    stateMachine: sfn.StateMachine.fromStateMachineName(stack, 'M', 'nightly'),
    deadLetterQueue: new sqs.Queue(stack, 'Dlq'),
  };
  return { stack, c, queue: (id: string) => new sqs.Queue(stack, id) };
}

describe('trigger health signals', () => {
  test('failed starts page at the first dead-lettered start', () => {
    // GIVEN the StartFailures queue
    const { c, queue } = context();
    // WHEN
    const s = failedStartsSignal(c, queue('StartFailures'));
    // THEN one alarm on the queue depth, with the workflow's evaluation periods
    expect(s.alarms.map((a) => [a.name, a.threshold, a.comparison, a.evaluationPeriods, (a.metric as cw.Metric).metricName])).toStrictEqual([
      ['nightly-trigger-failed-starts', 1, cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 2, 'ApproximateNumberOfMessagesVisible'],
    ]);
  });

  test('the execution starter pages on a failed start attempt and on a failed start it could not dead-letter', () => {
    // GIVEN the starter function
    const { stack, c } = context();
    const fn = lambda.Function.fromFunctionArn(stack, 'Starter', 'arn:aws:lambda:eu-west-1:123456789012:function:nightly-starter');
    // WHEN
    const s = starterSignal(c, fn);
    // THEN its Errors and its DestinationDeliveryFailures (a start lost on the way to StartFailures)
    expect(s.alarms.map((a) => [a.name, a.threshold, (a.metric as cw.Metric).metricName, (a.metric as cw.Metric).statistic,
      (a.metric as cw.Metric).dimensions])).toStrictEqual([
      ['nightly-trigger-starter-errors', 1, 'Errors', 'Sum', { FunctionName: 'nightly-starter' }],
      ['nightly-trigger-starts-lost', 1, 'DestinationDeliveryFailures', 'Sum', { FunctionName: 'nightly-starter' }],
    ]);
  });

  test('an SQS trigger pages when a message gave up', () => {
    // GIVEN the trigger queue's dead-letter queue WHEN THEN
    const { c, queue } = context();
    expect(sqsTriggerSignal(c, queue('Dl')).alarms.map((a) => a.name)).toStrictEqual(['nightly-sqs-trigger-dead-letters']);
  });

  test('concurrency graphs queued and skipped runs, and pages on given-up runs and old waits', () => {
    // GIVEN the run metrics and both queues
    const { c, queue } = context();
    const queued = new cw.Metric({ namespace: 'dagstep/nightly', metricName: 'RunsQueued' });
    const skipped = new cw.Metric({ namespace: 'dagstep/nightly', metricName: 'RunsSkipped' });
    // WHEN
    const s = concurrencySignal(c, { queued, skipped, waitQueue: queue('Wait'), deadLetters: queue('Dead') });
    // THEN
    expect(s.alarms.map((a) => [a.name, a.threshold])).toStrictEqual([
      ['nightly-concurrency-dead-letters', 1], ['nightly-queued-run-age', QUEUED_RUN_MAX_AGE.toSeconds()],
    ]);
    // AND without a wait queue (skip) there is no age alarm
    expect(concurrencySignal(c, { queued, skipped, deadLetters: queue('Dead2') }).alarms.map((a) => a.name)).toStrictEqual(['nightly-concurrency-dead-letters']);
  });
});
