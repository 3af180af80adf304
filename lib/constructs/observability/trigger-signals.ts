import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
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
      'A schedule or event trigger could not start the workflow after its retries; the event is in the StartFailures queue (`aws sqs receive-message`). Check the alias `live` exists and the trigger role may start it, then start the run by hand with the logicalDate in the message: `dagstep start <workflow> --input ...`.')],
  };
}

/** The dead-letter queue of a created SQS trigger queue: messages that never started a run. */
export function sqsTriggerSignal(c: SignalContext, deadLetters: sqs.IQueue): Signal {
  const depth = deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5), label: 'SQS trigger dead letters' });
  return {
    widget: new cw.GraphWidget({ title: 'Triggers: SQS messages that never started a run', width: 6, left: [depth] }),
    alarms: [alarm(c, 'sqs-trigger-dead-letters', depth, 1,
      'Messages of the SQS trigger queue failed to start the workflow 5 times and moved to its dead-letter queue. Check the pipe (EventBridge Pipes console, its role and the alias), then redrive them to the source queue (`aws sqs start-message-move-task`).')],
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
