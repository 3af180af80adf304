import { createHash } from 'crypto';
import { DescribeExecutionCommand, DescribeExecutionCommandOutput, RedriveExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CliIO, EXIT_OK, EXIT_USER_ERROR } from '../../io';
import { arnName, validateArn } from './arns';
import { DeadLetter, describeLetter, parseDeadLetter } from './dead-letter';
import { isUnsuccessful } from '../../../model/contract';
import { recoveredByRedrive } from '../../../model/dead-letter';
import { aws, AwsSetupError, setupProblem } from './errors';

/**
 * Recovery of dead letters: resume, never restart.
 *
 * Letters are grouped by their ROOT execution (a child execution's letter recovers its root; an
 * old letter without `rootExecutionId` is its own root), and each root gets at most ONE recovery,
 * decided from DescribeExecution of the root:
 * - FAILED / TIMED_OUT / ABORTED: Step Functions RedriveExecution of the root. Redrive re-runs only
 *   the states that did not succeed, so a task that succeeded is never run again. The client token
 *   is derived from the root and its redriveCount: two operators redriving at once redrive once.
 *   Only the letters whose work that redrive re-runs are deleted (recoveredByRedrive: required
 *   tasks, the execution); an optional task's letter and a tolerant map's failed items stay,
 *   reported as not recoverable by redrive, until `--delete-succeeded` discards them.
 * - a redrive already accepted (the letter is older than the root's redriveDate): nothing is
 *   called; the letter is deleted. This makes a repeated `dlq redrive` a no-op, also after a
 *   DeleteMessage failed the first time.
 * - SUCCEEDED (an optional task's letter, or a tolerated failure): reported, never re-run; deleted
 *   only with --delete-succeeded. Except a run the concurrency limit skipped (an execution-level
 *   letter of a SUCCEEDED execution): it ran nothing, so it is started once, named from the root.
 * - RUNNING: the execution has not ended; its letters stay until it does.
 * A letter is deleted only after its root's recovery was accepted; a letter that cannot be
 * recovered (not redrivable, 14-day window passed, the call failed) stays in the queue and made
 * visible again at once. A failed delete is reported for that message and the batch goes on.
 */

/** Step Functions redrives an execution up to 14 days after it stopped. */
export const REDRIVE_WINDOW_DAYS = 14;
/** How long received letters stay hidden while they are recovered. */
const VISIBILITY_SECONDS = 300;

/** Receives up to `max` messages (each seen once), hiding them for `visibilitySeconds`. */
export async function receiveAll(sqs: SQSClient, queueUrl: string, max: number, visibilitySeconds: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  while (seen.size < max) {
    const res = await aws(queueUrl, () => sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(10, max - seen.size), VisibilityTimeout: visibilitySeconds, WaitTimeSeconds: 0,
    })), 'sqs:ReceiveMessage');
    const fresh = (res?.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId!, m);
  }
  return [...seen.values()];
}

/** A deterministic execution name for `--mode restart` of a root execution (≤ 80 characters). */
export function restartName(rootExecutionArn: string): string {
  const name = `restart-${arnName(rootExecutionArn)}`.replace(/[^A-Za-z0-9_-]/g, '-');
  return name.length <= 80 ? name : `${name.slice(0, 71)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** The RedriveExecution idempotency token: one per root and redrive round. */
export function redriveToken(rootExecutionArn: string, redriveCount: number): string {
  return createHash('sha256').update(`${rootExecutionArn}#${redriveCount}`).digest('hex').slice(0, 64);
}

/** Options of {@link recover}. */
export interface RecoveryOptions {
  readonly queueUrl: string;
  /** Only these messages; the others are made visible again at once. */
  readonly messageIds?: readonly string[];
  /** redrive (default): Step Functions redrive of the root; restart: a new execution with the input. */
  readonly mode: 'redrive' | 'restart';
  /** What a restart starts (the `live` alias when there is one). */
  readonly startTarget?: () => Promise<string>;
  readonly dryRun?: boolean;
  /** Delete letters whose root execution SUCCEEDED (optional tasks), after reporting them. */
  readonly deleteSucceeded?: boolean;
  /** The clock (tests pass a fixed one). */
  readonly now?: () => Date;
}

interface Entry { readonly message: Message; readonly letter: DeadLetter }

/** One root execution's outcome: which letters to delete, which stay, and why. */
interface Decision {
  readonly line: string;
  readonly remove: readonly Entry[];
  readonly keep: readonly Entry[];
  /** The letters that stay could not be recovered (exit 1). */
  readonly error: boolean;
  /** The call that recovers the root, made before any delete. */
  readonly recover?: () => Promise<void>;
}

/** Recovers the dead letters of a queue; returns the exit code (1 if any letter could not be handled). */
export async function recover(c: { sfn: SFNClient; sqs: SQSClient }, io: CliIO, o: RecoveryOptions): Promise<number> {
  const now = o.now ?? (() => new Date());
  const received = await receiveAll(c.sqs, o.queueUrl, 1000, o.dryRun ? 0 : VISIBILITY_SECONDS);
  const selected = received.filter((m) => !o.messageIds || o.messageIds.includes(m.MessageId!));
  const pending = new Set(received);
  // Letters we leave alone become visible again at once instead of staying hidden for 5 minutes.
  const release = async (m: Message) => {
    pending.delete(m);
    if (o.dryRun) return;
    try {
      await c.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: o.queueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
    } catch (e) {
      io.stderr(`${m.MessageId}: stays in the queue (visible again within ${VISIBILITY_SECONDS} s; ChangeMessageVisibility failed: ${(e as Error).name})\n`);
    }
  };
  for (const m of received) if (!selected.includes(m)) await release(m);

  let failed = 0;
  const counts = { recovered: 0, deleted: 0, kept: 0 };
  const groups = new Map<string, Entry[]>();
  for (const m of selected) {
    const letter = parseDeadLetter(m.Body);
    let problem = letter ? undefined : 'not a dagstep dead letter';
    if (letter) {
      try {
        validateArn('execution', letter.rootExecutionId, 'rootExecutionId');
      } catch (e) {
        problem = (e as Error).message;
      }
    }
    if (problem || !letter) {
      io.stderr(`${m.MessageId}: ${problem}; left in the queue\n`);
      await release(m);
      counts.kept++;
      failed++;
      continue;
    }
    const group = groups.get(letter.rootExecutionId) ?? [];
    group.push({ message: m, letter });
    groups.set(letter.rootExecutionId, group);
  }

  try {
    for (const [root, entries] of groups) {
      let d: Decision;
      try {
        const exec = await aws(root, () => c.sfn.send(new DescribeExecutionCommand({ executionArn: root })), 'states:DescribeExecution');
        d = decide(root, entries, exec, o, now(), c.sfn);
        if (d.recover && !o.dryRun) await d.recover();
      } catch (e) {
        if (e instanceof AwsSetupError) throw e;
        d = { line: `${root}: could not recover: ${(e as Error).message}; its letters stay in the queue`, remove: [], keep: entries, error: true };
      }
      (d.error ? io.stderr : io.stdout)(`${o.dryRun ? '[dry run] ' : ''}${d.line}\n`);
      if (d.recover) counts.recovered++;
      if (d.error) failed++;
      for (const e of d.keep) {
        io.stdout(`  ${e.message.MessageId}: ${describeLetter(e.letter)}: stays in the queue\n`);
        await release(e.message);
        counts.kept++;
      }
      for (const e of d.remove) {
        pending.delete(e.message);
        if (o.dryRun) {
          io.stdout(`  ${e.message.MessageId}: ${describeLetter(e.letter)}: would be deleted\n`);
          continue;
        }
        try {
          await c.sqs.send(new DeleteMessageCommand({ QueueUrl: o.queueUrl, ReceiptHandle: e.message.ReceiptHandle }));
          io.stdout(`  ${e.message.MessageId}: ${describeLetter(e.letter)}: deleted\n`);
          counts.deleted++;
        } catch (err) {
          const why = setupProblem(err, o.queueUrl, 'sqs:DeleteMessage')?.kind === 'permission' ? ' (needs the IAM action sqs:DeleteMessage)' : '';
          io.stderr(`${e.message.MessageId}: recovered, but DeleteMessage failed: ${(err as Error).name}: ${(err as Error).message}${why}. `
            + `It reappears in the queue within ${VISIBILITY_SECONDS} s; running \`dagstep dlq redrive\` again deletes it without re-running anything\n`);
          counts.kept++;
          failed++;
        }
      }
    }
  } finally {
    // Stopped by a setup error (credentials, permission): do not hide the rest for 5 minutes.
    for (const m of [...pending]) await release(m);
  }
  if (selected.length === 0) io.stdout('no dead letters\n');
  else io.stdout(`${o.dryRun ? '[dry run] ' : ''}${groups.size} execution${groups.size === 1 ? '' : 's'}: ${counts.recovered} ${o.mode === 'restart' ? 'restarted' : 'redriven'}; `
    + `${counts.deleted} letter${counts.deleted === 1 ? '' : 's'} deleted, ${counts.kept} left in the queue\n`);
  return failed === 0 ? EXIT_OK : EXIT_USER_ERROR;
}

/** What to do with the letters of one root execution, given its DescribeExecution. */
function decide(root: string, entries: readonly Entry[], exec: DescribeExecutionCommandOutput, o: RecoveryOptions, now: Date, sfn: SFNClient): Decision {
  const status = String(exec.status);
  const redrivenAt = exec.redriveDate;
  // A letter older than the root's last redrive was recovered by that redrive.
  const stale = entries.filter((e) => redrivenAt && !(Date.parse(e.letter.timestamp) > redrivenAt.getTime()));
  const fresh = entries.filter((e) => !stale.includes(e));
  const name = arnName(root);
  if (fresh.length === 0) {
    return { line: `${name}: already redriven at ${redrivenAt!.toISOString()} (now ${status}); nothing to call`, remove: stale, keep: [], error: false };
  }
  if (status === 'SUCCEEDED') {
    // An execution-level letter of a SUCCEEDED execution is a run the concurrency limit skipped
    // (whenBusy: skip, error Dagstep.RunSkipped): it ran no task, so starting it is no double work.
    const skipped = fresh.find((e) => e.letter.kind === 'execution' && e.letter.input && !e.letter.truncated);
    if (skipped) {
      const others = fresh.filter((e) => e.letter.kind !== 'execution');
      const runName = restartName(root);
      return {
        line: `${name}: skipped by the concurrency limit (${skipped.letter.error}; it ran no task): ${o.dryRun ? 'would start' : 'started'} it as ${runName} with its input`,
        remove: [...stale, ...fresh.filter((e) => !others.includes(e)), ...(o.deleteSucceeded ? others : [])],
        keep: o.deleteSucceeded ? [] : others, error: false,
        recover: () => startOnce(sfn, o, runName, skipped.letter.input!.input),
      };
    }
    return {
      line: `${name}: the execution SUCCEEDED; the workflow is not re-run${o.deleteSucceeded ? '' : ' (delete these letters with --delete-succeeded)'}`,
      remove: o.deleteSucceeded ? entries : stale, keep: o.deleteSucceeded ? [] : fresh, error: false,
    };
  }
  if (!isUnsuccessful(status)) {
    return { line: `${name}: the execution is still ${status}; its letters stay until it ends (run dlq redrive again then)`, remove: stale, keep: fresh, error: false };
  }
  if (o.mode === 'restart') return restart(root, entries, stale, fresh, o, sfn);
  if (exec.redriveStatus === 'NOT_REDRIVABLE') {
    return { line: `${name}: ${status} and not redrivable: ${exec.redriveStatusReason ?? 'no reason given'}; its letters stay in the queue (use --mode restart to start it anew)`, remove: stale, keep: fresh, error: true };
  }
  const stopped = exec.stopDate?.getTime();
  if (stopped !== undefined && now.getTime() - stopped > REDRIVE_WINDOW_DAYS * 86_400_000) {
    return {
      line: `${name}: ${status} at ${exec.stopDate!.toISOString()}, more than ${REDRIVE_WINDOW_DAYS} days ago: Step Functions can no longer redrive it; its letters stay in the queue (use --mode restart to start it anew)`,
      remove: stale, keep: fresh, error: true,
    };
  }
  // The redrive re-runs only the failed work: the letters of work the execution went on past stay.
  const rerun = fresh.filter((e) => recoveredByRedrive(e.letter));
  const notRerun = fresh.filter((e) => !rerun.includes(e));
  if (rerun.length === 0) {
    return {
      line: `${name}: ${status}, but its letters name work a redrive does not re-run (optional tasks, tolerated map items)${o.deleteSucceeded ? '; deleted' : ' (discard them with --delete-succeeded)'}`,
      remove: o.deleteSucceeded ? entries : stale, keep: o.deleteSucceeded ? [] : notRerun, error: false,
    };
  }
  return {
    line: `${name}: ${status}; ${o.dryRun ? 'would redrive' : 'redrive accepted for'} ${root} (tasks that succeeded are not run again)`
      + (notRerun.length > 0 && !o.deleteSucceeded ? `; ${notRerun.length} letter${notRerun.length === 1 ? '' : 's'} of work a redrive does not re-run stay (--delete-succeeded discards them)` : ''),
    remove: [...stale, ...rerun, ...(o.deleteSucceeded ? notRerun : [])], keep: o.deleteSucceeded ? [] : notRerun, error: false,
    recover: async () => {
      await aws(root, () => sfn.send(new RedriveExecutionCommand({ executionArn: root, clientToken: redriveToken(root, exec.redriveCount ?? 0) })), 'states:RedriveExecution');
    },
  };
}

/** `--mode restart`: ONE new execution per root with the original input (deterministic name). */
function restart(root: string, entries: readonly Entry[], stale: readonly Entry[], fresh: readonly Entry[], o: RecoveryOptions, sfn: SFNClient): Decision {
  const source = entries.find((e) => e.letter.input && !e.letter.truncated);
  if (!source) {
    return { line: `${arnName(root)}: no letter carries the complete execution input (truncated); redrive it instead, or start it by hand with the input from its history`, remove: stale, keep: fresh, error: true };
  }
  const name = restartName(root);
  return {
    line: `${arnName(root)}: ${o.dryRun ? 'would restart' : 'restarted'} as ${name} with the original input (every task runs again)`,
    remove: entries, keep: [], error: false,
    recover: () => startOnce(sfn, o, name, source.letter.input!.input),
  };
}

/** Starts `name` on the start target; an existing execution of that name counts as accepted. */
async function startOnce(sfn: SFNClient, o: RecoveryOptions, name: string, input: unknown): Promise<void> {
  const target = await o.startTarget!();
  try {
    await aws(target, () => sfn.send(new StartExecutionCommand({ stateMachineArn: target, name, input: JSON.stringify(input) })), 'states:StartExecution');
  } catch (e) {
    // Same name: started before (and the delete then failed). Accepted.
    if (!/ExecutionAlreadyExists/.test((e as Error).message)) throw e;
  }
}
