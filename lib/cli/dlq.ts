import { Option } from 'commander';
import { EXIT_OK } from './io';
import { AwsOptions, awsClients, withAwsOptions } from './private/aws/clients';
import { parseDeadLetter } from './private/aws/dead-letter';
import { recoveredByRedrive } from '../model/dead-letter';
import { findWorkflow, startTarget } from './private/aws/discovery';
import { receiveAll, recover } from './private/aws/recovery';
import type { RegisterCommand } from './program';

interface DlqOptions extends AwsOptions { readonly stack?: string }

/** `dagstep dlq list <workflow>` and `dagstep dlq redrive <workflow>`. */
export const registerDlq: RegisterCommand = (program, ctx) => {
  const dlq = program.command('dlq').description('inspect and recover the dead-letter queue of a deployed workflow');
  withAwsOptions(dlq.command('list')
    .description('list dead letters (they are hidden for 1 s while read, never deleted)')
    .argument('<workflow>')
    .option('--max <n>', 'at most this many messages', (v) => Number(v), 100)
    .option('--stack <name>', 'read the workflow from this stack\'s outputs only')
    .option('--json', 'print the dead letters as JSON'))
    .action((workflow: string, o: DlqOptions & { max: number; json?: boolean }) => ctx.run(async () => {
      const c = awsClients(o);
      const loc = await findWorkflow(c, workflow, o.stack);
      const messages = await receiveAll(c.sqs, loc.deadLetterQueueUrl, o.max, 1);
      const rows = messages.map((m) => {
        const letter = parseDeadLetter(m.Body);
        return { messageId: m.MessageId, ...letter, ...(letter ? { recoveredByRedrive: recoveredByRedrive(letter) } : {}) };
      });
      if (o.json) ctx.io.stdout(`${JSON.stringify(rows)}\n`);
      else if (rows.length === 0) ctx.io.stdout('no dead letters\n');
      else {
        for (const r of rows) {
          const what = r.executionId === undefined ? '(not a dagstep message)' : r.kind === 'task' ? `${r.taskId ?? r.stateName}${r.optional ? ' (optional)' : ''}` : `${r.kind}${r.taskId ? ` ${r.taskId}` : ''}`;
          const recovery = r.recoveredByRedrive === undefined ? '' : r.recoveredByRedrive ? '  redrive' : '  not recoverable by redrive';
          ctx.io.stdout(`${r.messageId}  ${what}  ${r.error ?? ''}  ${r.rootExecutionId ?? ''}  ${r.timestamp ?? ''}${recovery}\n`);
        }
      }
      return EXIT_OK;
    }));
  withAwsOptions(dlq.command('redrive')
    .description('recover the failed executions behind the dead letters: one Step Functions redrive per failed root execution '
      + '(tasks that succeeded are not run again); a letter is deleted only after its recovery was accepted; a repeated run is a no-op')
    .argument('<workflow>')
    .option('--message-id <id...>', 'only these messages')
    .addOption(new Option('--mode <mode>', 'redrive: Step Functions redrive of the root execution; restart: a new execution with the original input (runs every task again)')
      .choices(['redrive', 'restart']).default('redrive'))
    .option('--delete-succeeded', 'also delete, after reporting them, the letters no redrive re-runs: optional tasks, tolerated map items, executions that SUCCEEDED')
    .option('--dry-run', 'say what would happen; redrive, start and delete nothing')
    .option('--stack <name>', 'read the workflow from this stack\'s outputs only'))
    .action((workflow: string, o: DlqOptions & { messageId?: string[]; mode: 'redrive' | 'restart'; dryRun?: boolean; deleteSucceeded?: boolean }) => ctx.run(async () => {
      const c = awsClients(o);
      const loc = await findWorkflow(c, workflow, o.stack);
      return recover(c, ctx.io, {
        queueUrl: loc.deadLetterQueueUrl, messageIds: o.messageId, mode: o.mode, dryRun: o.dryRun, deleteSucceeded: o.deleteSucceeded,
        startTarget: () => startTarget(c.sfn, loc),
      });
    }));
};
