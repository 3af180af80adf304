import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { EXIT_OK } from './io';
import { AwsOptions, awsClients, withAwsOptions } from './private/aws/clients';
import { findWorkflow, startTarget } from './private/aws/discovery';
import { aws } from './private/aws/errors';
import type { RegisterCommand } from './program';
import { readInput } from './private/input';

/** `dagstep start <workflow> [--input file.json|json] [--name n] [--stack s] [--region r] [--profile p] [--json]`. */
export const registerStart: RegisterCommand = (program, ctx) => {
  withAwsOptions(program.command('start')
    .description('start an execution of a deployed workflow (its live alias when it has one)')
    .argument('<workflow>', 'workflow name (found by its SSM parameter, its Dagstep-<workflow> stack or its tag)')
    .option('-i, --input <json>', 'execution input: a JSON file, or inline JSON')
    .option('--name <name>', 'execution name (idempotent: the same name and input start once)')
    .option('--stack <name>', 'read the workflow from this stack\'s outputs only')
    .option('--json', 'print the StartExecution response as JSON'))
    .action((workflow: string, o: AwsOptions & { input?: string; name?: string; stack?: string; json?: boolean }) => ctx.run(async () => {
      const input = o.input ? readInput(o.input) : {};
      const c = awsClients(o);
      const loc = await findWorkflow(c, workflow, o.stack);
      const target = await startTarget(c.sfn, loc);
      const res = await aws(target, () => c.sfn.send(new StartExecutionCommand({
        stateMachineArn: target, input: JSON.stringify(input), name: o.name,
      })), 'states:StartExecution');
      ctx.io.stdout(o.json ? `${JSON.stringify({ executionArn: res.executionArn, startDate: res.startDate })}\n`
        : `${res.executionArn}\nhttps://${loc.region}.console.aws.amazon.com/states/home?region=${loc.region}#/v2/executions/details/${res.executionArn}\n`);
      return EXIT_OK;
    }));
};
