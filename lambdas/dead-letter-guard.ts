import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { isUnsuccessful } from '../lib/model/contract';
import { deliverOwed, GuardClients } from './private/guard-delivery';

export { CLAIM_SECONDS, MARKER_TTL_SECONDS, loadExecution, normaliseHistory } from './private/guard-delivery';
export type { GuardClients } from './private/guard-delivery';

/** The EventBridge "Step Functions Execution Status Change" event (the fields the guard reads). */
export interface ExecutionStatusChange {
  readonly time?: string;
  readonly detail: { readonly executionArn: string; readonly status: string };
}

/** What the guard did with one event. */
export type GuardOutcome = 'ignored' | 'nothing-owed' | 'sent' | 'already-sent';

let clients: GuardClients | undefined;

/**
 * The dead-letter guard: for an execution that ended FAILED, TIMED_OUT or ABORTED, sends every
 * letter the execution is owed (lib/model/guard-decision.ts: one per failed unit, or one for the
 * execution) that was not sent yet. Duplicate events (EventBridge and Lambda deliver at least
 * once) find the letters' markers and send nothing. The status-change event is delivered on a
 * best-effort basis (EventBridge, "Step Functions events"), so the scheduled sweep
 * (lambdas/dead-letter-sweep.ts) does the same for every execution the events missed.
 */
export async function handler(event: ExecutionStatusChange): Promise<GuardOutcome> {
  clients ??= { sfn: new SFNClient({}), sqs: new SQSClient({}), ddb: new DynamoDBClient({}) };
  return guard(event, clients, Date.now());
}

/** The guard's work, with its clients and clock given. */
export async function guard(event: ExecutionStatusChange, c: GuardClients, now: number): Promise<GuardOutcome> {
  const { executionArn, status } = event.detail;
  if (!isUnsuccessful(status)) return 'ignored';
  const d = await deliverOwed(c, executionArn, event.time ?? new Date(now).toISOString(), now);
  if (d.owed === 0) return 'nothing-owed';
  return d.sent > 0 ? 'sent' : 'already-sent';
}
