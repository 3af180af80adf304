import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ENV, GUARD_ENV, METRICS_NAMESPACE, SWEEP_RECOVERED_METRIC, UNSUCCESSFUL_STATUSES } from '../lib/model/contract';
import { deliveredAlready, deliverOwed, GuardClients } from './private/guard-delivery';

/** What one sweep did. */
export interface SweepOutcome {
  /** Ended executions looked at. */
  readonly checked: number;
  /** Letters sent that the event-driven guard had not sent (the events missed them). */
  readonly recovered: number;
  /** Executions whose letters could not be delivered this time (retried by the next sweep). */
  readonly failed: readonly { readonly executionArn: string; readonly error: string }[];
}

/**
 * Thrown at the end of a sweep that could not deliver some executions' letters, after every other
 * execution was handled: the function's Errors metric (alarm guard-sweep-errors) says so, and the
 * next sweep, 15 minutes later, tries them again (their done markers are still missing).
 */
export class SweepIncomplete extends Error {
  constructor(readonly outcome: SweepOutcome) {
    super(`dagstep sweep: ${outcome.failed.length} of ${outcome.checked} ended executions could not be lettered this time: `
      + outcome.failed.slice(0, 5).map((f) => `${f.executionArn} (${f.error})`).join(', ') + (outcome.failed.length > 5 ? ', ...' : ''));
    this.name = 'SweepIncomplete';
  }
}


let clients: GuardClients | undefined;

/**
 * The reconciliation behind the guard. The guard is driven by "Step Functions Execution Status
 * Change" events, which EventBridge delivers on a best-effort basis (EventBridge User Guide,
 * "Events from AWS services": Step Functions, delivery type best effort). This scheduled function
 * reads the source of truth instead: ListExecutions of the root state machine for each ended
 * status, newest first, back to the look-back window (the execution timeout plus the 14-day
 * redrive window and a day: a redriven execution keeps its start date), and delivers the letters
 * of every execution whose `done` marker is missing, through the very code the guard runs
 * (markers make the two exclusive). Each letter it had to send is counted in the
 * GuardSweepRecovered metric, which has its own alarm: an event went missing.
 */
export async function handler(): Promise<SweepOutcome> {
  clients ??= { sfn: new SFNClient({}), sqs: new SQSClient({}), ddb: new DynamoDBClient({}) };
  const outcome = await sweep(clients, Date.now());
  emitRecovered(outcome.recovered);
  if (outcome.failed.length > 0) throw new SweepIncomplete(outcome);
  return outcome;
}

/**
 * One sweep, with its clients and clock given. One execution whose letters cannot be delivered now
 * (a throttled history read, a failed send) never stops the sweep: it is reported in `failed` and
 * the others are still lettered. Listing errors do stop it (nothing after them can be trusted).
 */
export async function sweep(c: GuardClients, now: number): Promise<SweepOutcome> {
  const stateMachineArn = requiredEnv(GUARD_ENV.stateMachineArn);
  const lookback = Number(requiredEnv(GUARD_ENV.lookbackSeconds));
  const oldest = now - lookback * 1000;
  let checked = 0;
  let recovered = 0;
  const failed: { executionArn: string; error: string }[] = [];
  for (const statusFilter of UNSUCCESSFUL_STATUSES) {
    let nextToken: string | undefined;
    do {
      const page = await c.sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter, maxResults: 1000, nextToken }));
      const items = page.executions ?? [];
      for (const x of items) {
        if (!x.executionArn || (x.startDate && x.startDate.getTime() < oldest)) continue;
        checked++;
        try {
          if (await deliveredAlready(c.ddb, x.executionArn, x.redriveCount ?? 0)) continue;
          const d = await deliverOwed(c, x.executionArn, (x.stopDate ?? new Date(now)).toISOString(), now);
          recovered += d.sent;
        } catch (e) {
          const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          console.error(JSON.stringify({ message: 'dagstep sweep: could not letter an ended execution; the next sweep retries it', executionArn: x.executionArn, error }));
          failed.push({ executionArn: x.executionArn, error });
        }
      }
      // Newest first: once a page ends before the window, older pages are older still.
      const last = items[items.length - 1];
      nextToken = last?.startDate && last.startDate.getTime() < oldest ? undefined : page.nextToken;
    } while (nextToken);
  }
  return { checked, recovered, failed };
}

/** The recovered count as a CloudWatch embedded-metric-format log line (no SDK call, cannot fail the sweep). */
function emitRecovered(count: number): void {
  console.log(JSON.stringify({
    _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['workflow']], Metrics: [{ Name: SWEEP_RECOVERED_METRIC, Unit: 'Count' }] }] },
    workflow: process.env[ENV.workflow] ?? 'unknown',
    [SWEEP_RECOVERED_METRIC]: count,
  }));
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`dagstep sweep: ${name} is not set`);
  return v;
}
