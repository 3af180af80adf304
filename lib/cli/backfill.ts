import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { InvalidArgumentError } from 'commander';
import { positiveInt } from './private/flag-values';
import { SpecError } from '../model/errors';
import { isoSecond, slotExecutionName } from '../model/execution-names';
import { CliIO, EXIT_OK, EXIT_USER_ERROR } from './io';
import { AwsOptions, awsClients, withAwsOptions } from './private/aws/clients';
import { findWorkflow, startTarget } from './private/aws/discovery';
import { aws, AwsSetupError } from './private/aws/errors';
import type { RegisterCommand } from './program';
import { readJson } from './run';

/**
 * `dagstep backfill`: one execution per time slot between two dates, for re-running past dates.
 *
 * Why a repeat is a no-op: each slot's execution name is derived from the workflow and the slot
 * time only (the very name the schedule's starter gives that slot), and Step Functions refuses a
 * second execution with a name already used (90 days). A refused start is looked up
 * (DescribeExecution): still running → followed, ended → "skipped" (already run). The slot reaches the workflow as `logicalDate`, the field its schedule
 * sets, so
 * a backfilled run and a scheduled run of the same slot see the same input.
 */

/** The input field carrying the slot (same as the schedule's). */
export const LOGICAL_DATE_FIELD = 'logicalDate';
/** Most slots one backfill starts (a larger range is almost certainly a typo). */
export const MAX_SLOTS = 10_000;

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** An EventBridge-style rate ("1 day", "6 hours", "15 minutes", also "rate(1 day)") in milliseconds. */
export function parseInterval(text: string): number {
  const m = /^\s*(?:rate\(\s*)?(\d+)\s+(minute|hour|day)s?\s*\)?\s*$/i.exec(text);
  const n = m ? Number(m[1]) : 0;
  if (!m || n < 1) {
    throw new SpecError({ file: '--every', message: `expected a rate like "1 day", "6 hours" or "15 minutes" (a positive whole number, then minute(s), hour(s) or day(s)), received "${text}"` });
  }
  return n * UNIT_MS[m[2].toLowerCase()];
}

/** A date ("2026-11-01", UTC midnight) or date-time ("2026-11-01T06:00", UTC unless an offset is given). */
export function parseSlotDate(text: string, option: string): Date {
  const m = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  const iso = m ? (m[1] ? (m[4] ? text : `${text}Z`) : `${text}T00:00:00Z`) : '';
  const t = Date.parse(iso);
  if (!m || Number.isNaN(t)) {
    throw new SpecError({ file: option, message: `expected a date like 2026-11-01 or 2026-11-01T06:00 (UTC unless an offset is given), received "${text}"` });
  }
  return new Date(t);
}

/** Every slot from `from` (inclusive) to `to` (inclusive), `everyMs` apart. */
export function slotsBetween(from: Date, to: Date, everyMs: number): Date[] {
  if (to.getTime() < from.getTime()) {
    throw new SpecError({ file: '--to', message: `expected a date at or after --from ${isoSecond(from)}, received ${isoSecond(to)}` });
  }
  const count = Math.floor((to.getTime() - from.getTime()) / everyMs) + 1;
  if (count > MAX_SLOTS) {
    throw new SpecError({ file: '--every', message: `${count} slots between --from and --to; at most ${MAX_SLOTS} per backfill (narrow the range or widen --every)` });
  }
  return Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * everyMs));
}

// The slot's name is the schedule's too (lib/model/execution-names.ts): a backfill of a slot the
// schedule already ran finds that execution.
export { isoSecond, slotExecutionName };

/** The ARN an execution named `name` of `stateMachineArn` (or of one of its aliases) gets. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  const [arn, partition, service, region, account, , machine] = stateMachineArn.split(':');
  return [arn, partition, service, region, account, 'execution', machine, name].join(':');
}

/** The RUNNING executions of a state machine (all versions and aliases), up to `atMost`. */
export async function runningExecutions(sfn: SFNClient, stateMachineArn: string, atMost: number): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await aws(stateMachineArn, () => sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 100, nextToken })), 'states:ListExecutions');
    count += page?.executions?.length ?? 0;
    nextToken = page?.nextToken;
  } while (nextToken && count < atMost);
  return count;
}

/**
 * How an execution of a workflow with a concurrency limit ended: at the gate's `...queued` or
 * `...skipped` Succeed state (no task ran), or undefined (it ran). A workflow's own end is never a
 * Succeed state with a `dagstep.` name, so the last such state entered tells them apart.
 */
export async function gateOutcome(sfn: SFNClient, executionArn: string): Promise<'queued' | 'skipped' | undefined> {
  const page = await aws(executionArn, () => sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 5 })), 'states:GetExecutionHistory');
  const succeed = (page?.events ?? []).find((e) => e.type === 'SucceedStateEntered');
  const name = succeed?.stateEnteredEventDetails?.name ?? '';
  if (!name.startsWith('dagstep.')) return undefined;
  return name.endsWith('queued') ? 'queued' : name.endsWith('skipped') ? 'skipped' : undefined;
}

/** Options of {@link backfill}. */
export interface BackfillOptions {
  readonly workflow: string;
  readonly slots: readonly Date[];
  readonly input: Record<string, unknown>;
  readonly maxConcurrent: number;
  /** What StartExecution targets (the live alias when there is one). */
  readonly target: string;
  /** The state machine (execution ARNs are named after it, also when started through an alias). */
  readonly stateMachineArn: string;
  readonly pollMs: number;
  /**
   * How many executions of the workflow run now, whoever started them (ListExecutions), so that
   * together with the schedule's runs at most `maxConcurrent` run.
   * @default - only this backfill's executions are counted
   */
  readonly countRunning?: () => Promise<number>;
  /**
   * Whether a SUCCEEDED execution ran or only passed the concurrency gate (queued or skipped).
   * @default - every SUCCEEDED execution ran
   */
  readonly gateOutcome?: (executionArn: string) => Promise<'queued' | 'skipped' | undefined>;
  /** Waits between polls (tests pass a fake clock). */
  readonly sleep: (ms: number) => Promise<void>;
}

type Outcome = 'succeeded' | 'failed' | 'skipped' | 'queued';

/**
 * Starts one execution per slot, at most `maxConcurrent` running at once, polls them until they
 * end and prints a line per start and end plus a summary. Exit 1 if any slot failed.
 */
export async function backfill(sfn: SFNClient, io: CliIO, o: BackfillOptions): Promise<number> {
  const counts: Record<Outcome, number> = { succeeded: 0, failed: 0, skipped: 0, queued: 0 };
  const running = new Map<string, { slot: Date; arn: string }>();
  const total = o.slots.length;
  const done = () => counts.succeeded + counts.failed + counts.skipped + counts.queued;
  const progress = () => `[${done()}/${total}]`;
  const finish = (slot: Date, outcome: Outcome, what: string) => {
    counts[outcome]++;
    (outcome === 'failed' ? io.stderr : io.stdout)(`${progress()} ${isoSecond(slot)}  ${what}\n`);
  };
  const describe = (arn: string) => aws(arn, () => sfn.send(new DescribeExecutionCommand({ executionArn: arn })), 'states:DescribeExecution');
  const ended = (slot: Date, d: { status?: string; error?: string; cause?: string }, before = '') => {
    if (d.status === 'SUCCEEDED') finish(slot, before ? 'skipped' : 'succeeded', `${before}SUCCEEDED`);
    else finish(slot, before ? 'skipped' : 'failed', `${before}${d.status}${d.error ? `: ${d.error}` : ''}${before ? ' (recover it with `dagstep dlq redrive`)' : ''}`);
  };

  let next = 0;
  let waiting = false;
  while (next < total || running.size > 0) {
    // Executions of the workflow not started by this backfill (its schedule, a trigger) count too.
    let busy = o.countRunning && next < total ? Math.max(running.size, await o.countRunning()) : running.size;
    if (next < total && busy >= o.maxConcurrent && !waiting && busy > running.size) {
      io.stdout(`${progress()} waiting: ${busy} execution${busy === 1 ? '' : 's'} of ${o.workflow} running (at most ${o.maxConcurrent})\n`);
    }
    waiting = busy >= o.maxConcurrent;
    while (next < total && busy < o.maxConcurrent) {
      busy++;
      const slot = o.slots[next++];
      const name = slotExecutionName(o.workflow, slot);
      const input = JSON.stringify({ ...o.input, [LOGICAL_DATE_FIELD]: isoSecond(slot) });
      try {
        const res = await aws(o.target, () => sfn.send(new StartExecutionCommand({ stateMachineArn: o.target, name, input })), 'states:StartExecution');
        running.set(name, { slot, arn: res.executionArn ?? executionArnOf(o.stateMachineArn, name) });
        io.stdout(`${progress()} ${isoSecond(slot)}  started ${name}\n`);
      } catch (e) {
        if (e instanceof AwsSetupError) throw e;
        if (!/ExecutionAlreadyExists/.test((e as Error).message)) {
          finish(slot, 'failed', `could not start ${name}: ${(e as Error).message}`);
          busy--;
          continue;
        }
        // This slot was started before (a repeated backfill): follow it if it runs, else skip it.
        const arn = executionArnOf(o.stateMachineArn, name);
        const d = await describe(arn);
        if (d.status === 'RUNNING' || d.status === 'PENDING_REDRIVE') {
          running.set(name, { slot, arn });
          io.stdout(`${progress()} ${isoSecond(slot)}  already running as ${name}; following it\n`);
        } else {
          ended(slot, d, `already run as ${name}: `);
          busy--;
        }
      }
    }
    if (running.size === 0 && next >= total) break;
    await o.sleep(o.pollMs);
    for (const [name, r] of running) {
      const d = await describe(r.arn);
      if (d.status === 'RUNNING' || d.status === 'PENDING_REDRIVE') continue;
      running.delete(name);
      const gate = d.status === 'SUCCEEDED' && o.gateOutcome ? await o.gateOutcome(r.arn) : undefined;
      if (gate === 'queued') finish(r.slot, 'queued', 'queued by the concurrency limit: the workflow starts it as a new execution when a slot frees');
      else if (gate === 'skipped') finish(r.slot, 'failed', 'skipped by the concurrency limit (whenBusy: skip): it ran no task; `dagstep dlq redrive` starts it from its dead letter');
      else ended(r.slot, d);
    }
  }
  io.stdout(`backfill ${o.workflow}: ${total} slot${total === 1 ? '' : 's'}: ${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.skipped} skipped (already run)`
    + `${counts.queued ? `, ${counts.queued} queued (run later by the workflow)` : ''}\n`);
  return counts.failed === 0 ? EXIT_OK : EXIT_USER_ERROR;
}

interface BackfillCliOptions extends AwsOptions {
  readonly from: string;
  readonly to: string;
  readonly every: string;
  readonly maxConcurrent?: number;
  readonly dryRun?: boolean;
  readonly input?: string;
  readonly stack?: string;
  readonly poll: number;
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds ≥ 0');
  return n;
}

/** `dagstep backfill <workflow> --from <date> --to <date> --every <interval> [--max-concurrent N] [--dry-run]`. */
export const registerBackfill: RegisterCommand = (program, ctx) => {
  withAwsOptions(program.command('backfill')
    .description('run a deployed workflow once per past time slot (input gets logicalDate); repeating a backfill skips slots already run')
    .argument('<workflow>')
    .requiredOption('--from <date>', 'first slot: 2026-11-01 or 2026-11-01T06:00 (UTC unless an offset is given)')
    .requiredOption('--to <date>', 'last slot (inclusive)')
    .requiredOption('--every <interval>', 'slot interval, like an EventBridge rate: "1 day", "6 hours", "15 minutes"')
    .option('--max-concurrent <n>', 'most executions running at once (default and maximum: the workflow\'s concurrency.maxExecutions, else 1)', positiveInt)
    .option('--dry-run', 'list the slots, execution names and inputs; call nothing')
    .option('-i, --input <file>', 'base execution input (JSON object); logicalDate is added per slot')
    .option('--stack <name>', 'read the workflow from this stack\'s outputs only')
    .option('--poll <seconds>', 'how often running executions are checked', seconds, 10))
    .action((workflow: string, o: BackfillCliOptions) => ctx.run(async () => {
      const slots = slotsBetween(parseSlotDate(o.from, '--from'), parseSlotDate(o.to, '--to'), parseInterval(o.every));
      const input = o.input ? readJson(o.input) : {};
      if (!input || typeof input !== 'object' || Array.isArray(input)) {
        throw new SpecError({ file: o.input!, message: `expected a JSON object (logicalDate is added to it), received ${Array.isArray(input) ? 'an array' : JSON.stringify(input)}` });
      }
      if (o.dryRun) {
        for (const slot of slots) {
          ctx.io.stdout(`${isoSecond(slot)}  ${slotExecutionName(workflow, slot)}  ${JSON.stringify({ ...input, [LOGICAL_DATE_FIELD]: isoSecond(slot) })}\n`);
        }
        ctx.io.stdout(`[dry run] ${slots.length} slot${slots.length === 1 ? '' : 's'}; nothing started\n`);
        return EXIT_OK;
      }
      const c = awsClients(o);
      const loc = await findWorkflow(c, workflow, o.stack);
      const limit = loc.maxExecutions;
      let maxConcurrent = o.maxConcurrent ?? limit ?? 1;
      if (limit !== undefined && maxConcurrent > limit) {
        ctx.io.stderr(`--max-concurrent ${maxConcurrent} exceeds the workflow's concurrency.maxExecutions ${limit}; using ${limit}\n`);
        maxConcurrent = limit;
      }
      return backfill(c.sfn, ctx.io, {
        workflow, slots, input: input as Record<string, unknown>, maxConcurrent, target: await startTarget(c.sfn, loc), stateMachineArn: loc.stateMachineArn,
        pollMs: o.poll * 1000, sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        // A workflow with a concurrency limit: its other runs (schedule, triggers) take slots too.
        countRunning: limit !== undefined ? () => runningExecutions(c.sfn, loc.stateMachineArn, maxConcurrent) : undefined,
        gateOutcome: limit !== undefined ? (arn) => gateOutcome(c.sfn, arn) : undefined,
      });
    }));
};
