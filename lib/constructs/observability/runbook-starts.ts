import type { ConcurrencyModel, DeploymentModel, ScheduleModel, TriggerModel } from '../../model/types';

/** What the runbook needs to say how a workflow starts (a WorkflowModel is one). */
export interface RunbookStarts {
  readonly name: string;
  readonly schedule?: ScheduleModel;
  readonly triggers?: readonly TriggerModel[];
  readonly concurrency?: ConcurrencyModel;
  readonly deployment?: DeploymentModel;
}

/**
 * The runbook section "How it starts": schedule and triggers with the input each run gets, the
 * concurrency limit and where held-back runs are, the alias and how versions roll out.
 */
export function renderStarts(m: RunbookStarts): string[] {
  const lines = ['## How it starts', ''];
  const s = m.schedule;
  if (s) {
    lines.push(`- **Schedule**: ${s.cron !== undefined ? `cron \`${s.cron}\` (${s.timezone ?? 'UTC'})` : `every ${s.rate}`}${s.flexibleWindowMinutes ? `, up to ${s.flexibleWindowMinutes} min late` : ''}. Input: \`{...${JSON.stringify(s.input ?? {})}, logicalDate}\` — \`logicalDate\` is the slot's scheduled time; rerun a slot with the same input: \`dagstep start ${m.name} --input '{"logicalDate":"<slot>"}'\`.`);
  }
  for (const t of m.triggers ?? []) {
    if ('eventPattern' in t) lines.push(`- **Event rule** \`${JSON.stringify(t.eventPattern)}\`. Input: \`{logicalDate, event: {id, source, detailType, detail}}\`.`);
    else if ('s3' in t) lines.push(`- **S3 Object Created** in \`s3://${t.s3.bucket}/${t.s3.prefix ?? ''}\` (the bucket needs EventBridge notifications on). Input: \`{logicalDate, bucket, key, size, etag, eventId}\`.`);
    else lines.push(`- **SQS** ${t.sqs.queue ? `queue \`${t.sqs.queue}\`` : 'the stack\'s trigger queue'}, batches of ${t.sqs.batchSize ?? 1}. Input: the batch as an array of SQS records (\`messageId\`, \`body\`, ...). Messages that never start a run go to ${t.sqs.queue ? 'the queue\'s own redrive dead-letter queue' : 'its dead-letter queue (alarm `sqs-trigger-dead-letters`)'}.`);
  }
  if (s || (m.triggers ?? []).length > 0) {
    lines.push('- Starts that fail after their retries (185 over 24 h) land in the `StartFailures` queue (alarm `trigger-failed-starts`): read the message, fix the cause, start the run by hand.');
  } else {
    lines.push('- By hand only: `dagstep start` (no schedule or trigger).');
  }
  const c = m.concurrency;
  if (c) {
    lines.push(`- **Concurrency**: at most ${c.maxExecutions} execution(s) at once. A start beyond that is ${(c.whenBusy ?? 'queue') === 'queue'
      ? 'queued (execution ends SUCCEEDED at `dagstep.concurrency.queued`; metric RunsQueued) and started again as `<name>-q-<messageId>` when a slot frees'
      : `skipped: recorded as a dead letter with error \`Dagstep.RunSkipped\` (metric RunsSkipped); \`dagstep dlq redrive ${m.name}\` runs it later`}. Slots free on every terminal status (and every 15 minutes for executions whose end was not seen). A run stuck holding a slot: \`aws stepfunctions stop-execution\`; its slot frees on ABORTED.`);
  }
  const d = m.deployment ?? { type: 'all-at-once' };
  lines.push(`- **Versions**: every deploy of a changed definition publishes a version; the alias \`live\` (stack output \`AliasArn\`) moves to it ${d.type === 'all-at-once' ? 'at once' : `${d.type}, ${d.percent ?? 10} % per ${d.intervalMinutes ?? 5} min, rolled back automatically if the executions-failed alarm fires`}. Executions finish on the version they started on.`);
  lines.push('');
  return lines;
}
