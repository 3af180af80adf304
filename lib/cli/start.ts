import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { EXIT_OK } from './io';
import { aws } from './private/aws/errors';
import { workflowOutputs } from './private/aws/stack';
import type { RegisterCommand } from './program';
import { readJson } from './run';

/** `dagstep start <workflow> [--input file.json] [--name n] [--stack s] [--region r] [--json]`. */
export const registerStart: RegisterCommand = (program, ctx) => {
  program.command('start')
    .description('start an execution of a deployed workflow')
    .argument('<workflow>', 'workflow name (its stack is Dagstep-<workflow>)')
    .option('-i, --input <file>', 'execution input (JSON file)')
    .option('--name <name>', 'execution name (idempotent: the same name and input start once)')
    .option('--stack <name>', 'stack name, if not Dagstep-<workflow>')
    .option('--region <region>', 'AWS region')
    .option('--json', 'print the StartExecution response as JSON')
    .action((workflow: string, o: { input?: string; name?: string; stack?: string; region?: string; json?: boolean }) => ctx.run(async () => {
      const input = o.input ? readJson(o.input) : {};
      const out = await workflowOutputs(new CloudFormationClient({ region: o.region }), workflow, o.stack);
      const res = await aws(out.StateMachineArn, () => new SFNClient({ region: o.region }).send(new StartExecutionCommand({
        stateMachineArn: out.StateMachineArn, input: JSON.stringify(input), name: o.name,
      })));
      const region = out.StateMachineArn.split(':')[3];
      ctx.io.stdout(o.json ? `${JSON.stringify({ executionArn: res.executionArn, startDate: res.startDate })}\n`
        : `${res.executionArn}\nhttps://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${res.executionArn}\n`);
      return EXIT_OK;
    }));
};
