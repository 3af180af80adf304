import { STSClient } from '@aws-sdk/client-sts';
import { EXIT_OK } from './io';
import { validateArn } from './private/aws/arns';
import { AwsOptions, awsClients, clientConfig, withAwsOptions } from './private/aws/clients';
import { decide } from './private/approvals';
import type { Command } from 'commander';
import type { CommandContext, RegisterCommand } from './program';

type Decision = 'approved' | 'rejected';

function register(program: Command, ctx: CommandContext, name: 'approve' | 'reject', decision: Decision, description: string): void {
  withAwsOptions(program.command(name)
    .description(description)
    .argument('<executionArn>')
    .argument('<task>')
    .option('--comment <text>', 'recorded with the decision')
    .option('--json', 'print the decision as JSON'))
    .action((arn: string, taskId: string, o: AwsOptions & { comment?: string; json?: boolean }) => ctx.run(async () => {
      const region = validateArn('execution', arn, 'executionArn');
      const sts = new STSClient(clientConfig(o, region));
      const d = await decide({ sfn: awsClients(o, region).sfn, sts }, arn, taskId, decision, o.comment, new Date());
      ctx.io.stdout(o.json ? `${JSON.stringify(d)}\n` : `${taskId}: ${d.decision} by ${d.by} at ${d.at}${d.comment ? ` (${d.comment})` : ''}\n`);
      return EXIT_OK;
    }));
}

/** `dagstep approve <executionArn> <task>`: the approval task's result is the decision. */
export const registerApprove: RegisterCommand = (program, ctx) =>
  register(program, ctx, 'approve', 'approved', 'approve the waiting approval task of a deployed execution');

/** `dagstep reject <executionArn> <task>`: the approval task fails with dagstep.Rejected. */
export const registerReject: RegisterCommand = (program, ctx) =>
  register(program, ctx, 'reject', 'rejected', 'reject the waiting approval task of a deployed execution (it fails with dagstep.Rejected)');
