import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { WorkflowModel } from '../model/types';
import { ConcurrencyLimit } from './concurrency';
import { LiveAlias } from './deployment';
import type { WorkflowObservability } from './observability';
import type { Signal } from './observability/signals';
import { embedRunbook } from './observability/runbook-widget';
import { concurrencySignal, failedStartsSignal, sqsTriggerSignal, starterSignal } from './observability/trigger-signals';
import { WorkflowTriggers } from './triggers';

/** What {@link goLive} wires together. */
export interface GoLiveProps {
  readonly model: WorkflowModel;
  readonly stateMachine: sfn.StateMachine;
  readonly stateMachineLogs: logs.ILogGroup;
  readonly observability?: WorkflowObservability;
  /** The workflow's concurrency limit, made before the state machine (it wraps the definition). */
  readonly concurrency?: ConcurrencyLimit;
  readonly removalPolicy: RemovalPolicy;
  /** Retention of the execution starter's logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Everything that runs the deployed workflow without a human: the `live` alias on a new version
 * (rolling back on the failure alarm), the schedule and triggers starting that alias, the release
 * and dispatch of concurrency slots, and the health of all of these on the dashboard and alarms.
 */
export function goLive(scope: Construct, p: GoLiveProps): { alias: LiveAlias; triggers?: WorkflowTriggers } {
  const alias = new LiveAlias(scope, 'Live', {
    workflowName: p.model.name, stateMachine: p.stateMachine, deployment: p.model.deployment,
    rollbackAlarms: p.observability?.rollbackAlarmNames(),
  });
  const signals: Signal[] = [];
  const c = p.observability?.context;
  let triggers: WorkflowTriggers | undefined;
  if (p.model.schedule || (p.model.triggers ?? []).length > 0) {
    triggers = new WorkflowTriggers(scope, 'Triggers', {
      workflowName: p.model.name, schedule: p.model.schedule, triggers: p.model.triggers, target: alias.target, removalPolicy: p.removalPolicy,
        logRetention: p.logRetention,
    });
    if (c) {
      signals.push(failedStartsSignal(c, triggers.startFailures, triggers.scheduleGroup), starterSignal(c, triggers.starter.function));
      if (triggers.sourceDeadLetterQueue) signals.push(sqsTriggerSignal(c, triggers.sourceDeadLetterQueue));
    }
  }
  if (p.concurrency) {
    p.concurrency.bind(p.stateMachine, alias.target, p.stateMachineLogs);
    if (c) {
      signals.push(concurrencySignal(c, {
        queued: p.concurrency.metricRuns('queued'), skipped: p.concurrency.metricRuns('skipped'),
        waitQueue: p.concurrency.waitQueue, deadLetters: p.concurrency.deadLetterQueue,
      }));
    }
  }
  if (signals.length > 0) p.observability?.addSignals(signals);
  if (p.observability) embedRunbook(p.observability, p.model);
  return { alias, triggers };
}
