import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { alarm, Signal, SignalContext } from './signals';

/** A queued run waiting longer than this pages (the slot holder may be stuck). */
export const QUEUED_RUN_MAX_AGE = Duration.hours(6);

/** Failed starts of the schedule and the rules: the StartFailures queue, and the scheduler's own errors. */
export function failedStartsSignal(c: SignalContext, startFailures: sqs.IQueue, group?: scheduler.IScheduleGroup): Signal {
  const period = Duration.minutes(5);
  const depth = startFailures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label: 'failed starts waiting' });
  return {
    widget: new cw.GraphWidget({
      title: 'Triggers: failed starts', width: 12, left: [depth],
      right: group ? [group.metricTargetErrors({ period, label: 'schedule target errors' }), group.metricSentToDLQ({ period, label: 'schedule starts dead-lettered' })] : [],
    }),
    alarms: [alarm(c, 'trigger-failed-starts', depth, 1,
      'A schedule or event trigger could not start the workflow after its retries; the start is in the StartFailures queue (`aws sqs receive-message`): either the scheduler\'s or rule\'s event (the starter could not be invoked) or Lambda\'s invocation record, whose requestPayload.input is the execution input and responsePayload the error. Check the alias `live` exists and the starter may start it (its log group), then start the run by hand with that input: `dagstep start <workflow> --input ...` (a slot is better re-run with `dagstep backfill`, which gives it the schedule\'s execution name).')],
  };
}

/**
 * The execution starter: errors (each failed start attempt; Lambda or the Pipe retries it) and
 * starts lost on the way to StartFailures (DestinationDeliveryFailures: Lambda could not write the
 * on-failure record, "Capturing records of Lambda asynchronous invocations"), which no queue shows.
 */
export function starterSignal(c: SignalContext, starter: lambda.IFunction): Signal {
  const period = Duration.minutes(5);
  const errors = starter.metricErrors({ statistic: 'Sum', period, label: 'failed start attempts' });
  const lost = starter.metric('DestinationDeliveryFailures', { statistic: 'Sum', period, label: 'failed starts not dead-lettered' });
  return {
    widget: new cw.GraphWidget({ title: 'Triggers: execution starter', width: 6, left: [errors, starter.metricThrottles({ statistic: 'Sum', period, label: 'throttles' })], right: [lost] }),
    alarms: [
      alarm(c, 'trigger-starter-errors', errors, 1,
        'The execution starter failed to start the workflow (retries are under way: Lambda retries a schedule or rule start twice, the Pipe redelivers an SQS batch). Read its log group for the StartExecution error; if the retries fail too, the start reaches StartFailures (or the SQS trigger\'s dead-letter queue) and that alarm follows.'),
      alarm(c, 'trigger-starts-lost', lost, 1,
        'A failed start could not be written to the StartFailures queue (Lambda DestinationDeliveryFailures): it is lost. Check the starter role may send to StartFailures and the queue exists, then find the start in the starter\'s log group (its name and input are logged) and start it by hand.'),
    ],
  };
}

/** The dead-letter queue of a created SQS trigger queue: messages that never started a run. */
export function sqsTriggerSignal(c: SignalContext, deadLetters: sqs.IQueue): Signal {
  const depth = deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5), label: 'SQS trigger dead letters' });
  return {
    widget: new cw.GraphWidget({ title: 'Triggers: SQS messages that never started a run', width: 6, left: [depth] }),
    alarms: [alarm(c, 'sqs-trigger-dead-letters', depth, 1,
      'Messages of the SQS trigger queue failed to start the workflow 5 times and moved to its dead-letter queue. Check the pipe (EventBridge Pipes console, its role) and the execution starter (its log group, the alias), then redrive them to the source queue (`aws sqs start-message-move-task`).')],
  };
}

/** Runs that could not start at once: queued, skipped, waiting, and queued runs given up. */
export function concurrencySignal(c: SignalContext, m: {
  readonly queued: cw.IMetric; readonly skipped: cw.IMetric; readonly waitQueue?: sqs.IQueue; readonly deadLetters: sqs.IQueue;
}): Signal {
  const period = Duration.minutes(5);
  const given = m.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label: 'queued runs given up / failed releases' });
  const age = m.waitQueue?.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period, label: 'oldest queued run (s)' });
  return {
    widget: new cw.GraphWidget({
      title: 'Concurrency: queued and skipped runs', width: 12,
      left: [m.queued, m.skipped, ...(m.waitQueue ? [m.waitQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label: 'runs waiting' })] : [])],
      right: age ? [age] : [],
    }),
    alarms: [
      alarm(c, 'concurrency-dead-letters', given, 1,
        'A queued run waited through every poll without a free slot, or freeing a slot failed. Look for an execution that holds a slot and never ends (`aws stepfunctions list-executions --status-filter RUNNING`); stop it if stuck, then move the message back to the wait queue.'),
      ...(age ? [alarm(c, 'queued-run-age', age, QUEUED_RUN_MAX_AGE.toSeconds(),
        `A queued run has waited more than ${QUEUED_RUN_MAX_AGE.toHours()} h for a concurrency slot. The running execution may be stuck: \`dagstep watch <executionArn>\`.`)] : []),
    ],
  };
}
