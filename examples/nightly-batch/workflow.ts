import * as path from 'path';
import { WorkflowBuilder } from '../../lib/model/dsl';
import type { WorkflowModel } from '../../lib/model/types';

/** Options of the nightly batch example. */
export interface NightlyBatchOptions {
  /**
   * A person approves the night's report before it is published: the SNS topic ARN or e-mail
   * address the approval request goes to (`dagstep approve|reject <execution> approve_report`).
   * Locally: `dagstep run ... --approve approve_report` (or `--reject`).
   * @default - no approval: the report is published as soon as the statements are out
   */
  readonly approvalNotify?: string;
}

/**
 * A nightly batch job that fails at random: every step retries transient failures with backoff
 * and full jitter; persistent failures end in the dead-letter queue. Rebuilding the search index
 * is optional (the night goes on without it), and statements fall back to a queue when the mail
 * service keeps failing.
 */
export function nightlyBatch(options: NightlyBatchOptions = {}): WorkflowModel {
  const wf = new WorkflowBuilder('nightly_batch', {
    description: 'Nightly accounts batch: snapshot, reconcile, interest, statements, report',
    baseDir: __dirname,
    slo: { p99Seconds: 1800, successRate: 0.98 },
    // Every night at 02:00 UTC; the run gets `logicalDate` (the slot), so a rerun of a night is the same run.
    schedule: { cron: '0 2 * * ? *', timezone: 'UTC' },
    // Never two nights at once: a night that starts while yesterday's still runs waits for it.
    concurrency: { maxExecutions: 1, whenBusy: 'queue' },
    // A new version first takes 10 % of the starts for 30 minutes, rolled back if executions fail.
    deployment: { type: 'canary', percent: 10, intervalMinutes: 30 },
  });
  const flaky = (id: string, durationSeconds: number, description: string) => wf.task(id, {
    handler: 'handlers/flaky-step.ts', durationSeconds, timeoutSeconds: Math.ceil(durationSeconds * 4),
    retry: 'transient', idempotent: true, description,
  });
  const snapshot = flaky('snapshot', 60, 'Snapshot the ledger for the night');
  const reconcile = flaky('reconcile_accounts', 120, 'Reconcile account balances').after(snapshot);
  const interest = flaky('compute_interest', 90, 'Compute daily interest').after(snapshot);
  wf.task('rebuild_search_index', {
    handler: 'handlers/flaky-step.ts', durationSeconds: 200, timeoutSeconds: 800, retry: 'transient',
    sideEffects: 'none', optional: true, description: 'Rebuild the search index (optional: stale search is acceptable)',
  }).after(snapshot);
  const statements = wf.task('send_statements', {
    handler: 'handlers/send-statements.ts', durationSeconds: 45, timeoutSeconds: 180, retry: 'upstream',
    idempotent: true, fallback: 'queue_statements', description: 'Mail statements to customers',
  }).after(reconcile, interest);
  wf.task('queue_statements', {
    handler: 'handlers/queue-statements.ts', durationSeconds: 5, timeoutSeconds: 60, retry: 'transient',
    idempotent: true, description: 'Fallback: queue statements for the morning run',
  });
  // With an approver, the report waits (up to 8 hours, no polling) for a person's OK; a reject is a
  // dagstep.Rejected error: the report is not published and the night's letter says who rejected it.
  const approved = options.approvalNotify === undefined ? statements : wf.task('approve_report', {
    approval: { notify: options.approvalNotify, timeoutSeconds: 8 * 3600 }, retry: 'none', sideEffects: 'none',
    description: 'A person approves the night\'s report before it is published',
  }).after(statements);
  flaky('publish_report', 20, 'Publish the night\'s report').after(approved);
  // A container step (ECS Fargate): long exports belong outside Lambda's 15 minutes. It writes its
  // result to DAGSTEP_RESULT_KEY in the result bucket; locally nightly_batch.mocks.json answers for it.
  wf.task('export_ledger', {
    container: { image: 'public.ecr.aws/docker/library/python:3.13-slim', cpu: 512, memory: 1024, command: ['python', '-m', 'ledger_export'], environment: { FORMAT: 'parquet' } },
    durationSeconds: 90, timeoutSeconds: 1800, retry: 'none', sideEffects: 'none',
    description: 'Export the night\'s ledger snapshot to the data lake (a container task)',
  }).after(snapshot);
  return wf.toModel();
}

/** The handlers folder, for tests. */
export const HANDLERS = path.join(__dirname, 'handlers');
