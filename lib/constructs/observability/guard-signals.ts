import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { SWEEP_RECOVERED_METRIC } from '../../model/contract';
import { alarm, Signal, SignalContext } from './signals';

/** What the guard signal graphs and alarms on (lib/constructs/dead-letter-guard.ts). */
export interface GuardParts {
  readonly guardFunction: lambda.IFunction;
  readonly sweepFunction: lambda.IFunction;
  readonly eventDeadLetterQueue: sqs.IQueue;
}

/**
 * The guard that letters required failures: its errors, the sweep's errors, events it could not
 * handle after every retry, and letters the sweep had to send because an event never came. Each
 * pages: the guard carries letters, so any of them failing means a letter may be waiting.
 */
export function guardSignal(c: SignalContext, g: GuardParts): Signal {
  const period = Duration.minutes(5);
  const guardErrors = g.guardFunction.metricErrors({ period, statistic: 'Sum', label: 'guard errors' });
  const sweepErrors = g.sweepFunction.metricErrors({ period, statistic: 'Sum', label: 'sweep errors' });
  const unhandled = g.eventDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label: 'guard events given up' });
  const recovered = c.metrics.custom(SWEEP_RECOVERED_METRIC, 'letters the sweep sent (events missed)', 'Sum', period);
  return {
    widget: new cw.GraphWidget({ title: 'Dead-letter guard: errors, given-up events, sweep recoveries', width: 12, left: [guardErrors, sweepErrors, unhandled], right: [recovered] }),
    alarms: [
      alarm(c, 'guard-errors', guardErrors, 1,
        'The dead-letter guard failed on an execution (it is retried, and the sweep tries again every 15 minutes). Check its log group; until it succeeds a failed execution\'s letter may be missing from the DLQ.'),
      alarm(c, 'guard-events-unhandled', unhandled, 1,
        'Status-change events the guard could not handle after every retry are in its event queue. The sweep re-reads ListExecutions, so the letters will still come once the cause (permissions, throttling) is fixed; check the guard log group.'),
      alarm(c, 'guard-sweep-errors', sweepErrors, 1,
        'The reconciliation sweep behind the guard is failing: executions whose status-change event was lost would get no letter. Check the sweep\'s log group.'),
      alarm(c, 'guard-sweep-recovered', recovered, 1,
        'The sweep sent dead letters that the status-change events had missed (EventBridge delivers Step Functions events best effort). Nothing is lost; check the DLQ with `dagstep dlq list <workflow>`.'),
    ],
  };
}
