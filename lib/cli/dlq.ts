import { createHash } from 'crypto';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { RedriveExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Option } from 'commander';
import { CliIO, EXIT_OK, EXIT_USER_ERROR } from './io';
import { aws } from './private/aws/errors';
import { workflowOutputs } from './private/aws/stack';
import type { RegisterCommand } from './program';

/** A dead letter as the state machine sends it. */
export interface DeadLetter {
  readonly workflow: string;
  readonly executionId: string;
  readonly taskId: string;
  readonly error: string;
  readonly cause?: string;
  readonly input: { readonly input: unknown; readonly results?: unknown };
  readonly timestamp: string;
}

/** The dead letter in a message body, or undefined when it is not one. */
export function parseDeadLetter(body: string | undefined): DeadLetter | undefined {
  try {
    const d = JSON.parse(body ?? '') as DeadLetter;
    return d && typeof d.executionId === 'string' && typeof d.taskId === 'string' && d.input && 'input' in d.input ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Receives up to `max` messages (each seen once), hiding them for `visibilitySeconds`. */
export async function receiveAll(sqs: SQSClient, queueUrl: string, max: number, visibilitySeconds: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  while (seen.size < max) {
    const res = await aws(queueUrl, () => sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(10, max - seen.size), VisibilityTimeout: visibilitySeconds, WaitTimeSeconds: 0,
    })));
    const fresh = (res.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId!, m);
  }
  return [...seen.values()];
}

/** A deterministic execution name for restarting a dead letter: a repeated redrive starts nothing new. */
export function restartName(d: DeadLetter): string {
  const original = d.executionId.split(':').pop() ?? 'execution';
  const name = `redrive-${original}-${d.taskId}`.replace(/[^A-Za-z0-9_-]/g, '-');
  // Execution names are at most 80 characters; a hash keeps long names distinct after cutting.
  return name.length <= 80 ? name : `${name.slice(0, 71)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

interface Clients { readonly sfn: SFNClient; readonly sqs: SQSClient; readonly cfn: CloudFormationClient }

/** Options of a redrive. */
export interface RedriveOptions {
  readonly messageIds?: readonly string[];
  readonly mode: 'restart' | 'redrive';
  readonly dryRun?: boolean;
}

/**
 * Restarts (new execution with the original input) or redrives (Step Functions redrive of the
 * failed execution) each dead letter, and deletes a message ONLY after its restart was accepted.
 * Returns the exit code: 1 if any message could not be restarted (it stays in the queue).
 */
export async function redrive(c: Clients, io: CliIO, workflow: string, stack: string | undefined, o: RedriveOptions): Promise<number> {
  const out = await workflowOutputs(c.cfn, workflow, stack);
  // Messages stay hidden for 5 minutes while we restart them; a failure makes them visible again later.
  const received = await receiveAll(c.sqs, out.DeadLetterQueueUrl, 1000, o.dryRun ? 0 : 300);
  const messages = received.filter((m) => !o.messageIds || o.messageIds.includes(m.MessageId!));
  // Make messages we leave alone visible again at once instead of hiding them for 5 minutes.
  const release = async (m: Message) => {
    if (!o.dryRun) await aws(out.DeadLetterQueueUrl, () => c.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: out.DeadLetterQueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })));
  };
  for (const m of received) if (!messages.includes(m)) await release(m);
  let failed = 0;
  for (const m of messages) {
    const d = parseDeadLetter(m.Body);
    if (!d) {
      io.stderr(`${m.MessageId}: not a dagstep dead letter; left in the queue\n`);
      await release(m);
      failed++;
      continue;
    }
    const what = o.mode === 'restart' ? `restart ${workflow} as ${restartName(d)} with the original input` : `redrive ${d.executionId}`;
    if (o.dryRun) {
      io.stdout(`${m.MessageId}: would ${what} (task ${d.taskId} failed with ${d.error})\n`);
      continue;
    }
    try {
      if (o.mode === 'restart') {
        try {
          await c.sfn.send(new StartExecutionCommand({ stateMachineArn: out.StateMachineArn, name: restartName(d), input: JSON.stringify(d.input.input) }));
        } catch (e) {
          // Same name and input: it was restarted before (and the delete then failed). Accepted.
          if ((e as Error).name !== 'ExecutionAlreadyExists') throw e;
        }
      } else {
        await c.sfn.send(new RedriveExecutionCommand({ executionArn: d.executionId }));
      }
    } catch (e) {
      io.stderr(`${m.MessageId}: could not ${what}: ${(e as Error).name}: ${(e as Error).message}; the message stays in the queue\n`);
      await release(m);
      failed++;
      continue;
    }
    await aws(out.DeadLetterQueueUrl, () => c.sqs.send(new DeleteMessageCommand({ QueueUrl: out.DeadLetterQueueUrl, ReceiptHandle: m.ReceiptHandle })));
    io.stdout(`${m.MessageId}: ${o.mode === 'restart' ? 'restarted' : 'redriven'} (task ${d.taskId}); message deleted\n`);
  }
  if (messages.length === 0) io.stdout('no dead letters\n');
  return failed === 0 ? EXIT_OK : EXIT_USER_ERROR;
}

/** `dagstep dlq list <workflow>` and `dagstep dlq redrive <workflow>`. */
export const registerDlq: RegisterCommand = (program, ctx) => {
  const dlq = program.command('dlq').description('inspect and redrive the dead-letter queue of a deployed workflow');
  const clients = (region?: string): Clients => ({ sfn: new SFNClient({ region }), sqs: new SQSClient({ region }), cfn: new CloudFormationClient({ region }) });
  dlq.command('list')
    .description('list dead letters (they are hidden for 1 s while read, never deleted)')
    .argument('<workflow>')
    .option('--max <n>', 'at most this many messages', (v) => Number(v), 100)
    .option('--stack <name>', 'stack name, if not Dagstep-<workflow>')
    .option('--region <region>', 'AWS region')
    .option('--json', 'print the dead letters as JSON')
    .action((workflow: string, o: { max: number; stack?: string; region?: string; json?: boolean }) => ctx.run(async () => {
      const c = clients(o.region);
      const out = await workflowOutputs(c.cfn, workflow, o.stack);
      const messages = await receiveAll(c.sqs, out.DeadLetterQueueUrl, o.max, 1);
      const rows = messages.map((m) => ({ messageId: m.MessageId, ...parseDeadLetter(m.Body) }));
      if (o.json) ctx.io.stdout(`${JSON.stringify(rows)}\n`);
      else if (rows.length === 0) ctx.io.stdout('no dead letters\n');
      else for (const r of rows) ctx.io.stdout(`${r.messageId}  ${r.taskId ?? '(not a dagstep message)'}  ${r.error ?? ''}  ${r.executionId ?? ''}  ${r.timestamp ?? ''}\n`);
      return EXIT_OK;
    }));
  dlq.command('redrive')
    .description('restart each dead letter; a message is deleted only after its restart was accepted')
    .argument('<workflow>')
    .option('--message-id <id...>', 'only these messages')
    .addOption(new Option('--mode <mode>', 'restart: new execution with the original input; redrive: Step Functions redrive of the failed execution').choices(['restart', 'redrive']).default('restart'))
    .option('--dry-run', 'say what would happen; touch nothing')
    .option('--stack <name>', 'stack name, if not Dagstep-<workflow>')
    .option('--region <region>', 'AWS region')
    .action((workflow: string, o: { messageId?: string[]; mode: 'restart' | 'redrive'; dryRun?: boolean; stack?: string; region?: string }) => ctx.run(() =>
      redrive(clients(o.region), ctx.io, workflow, o.stack, { messageIds: o.messageId, mode: o.mode, dryRun: o.dryRun })));
};
