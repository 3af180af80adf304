import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { stackName } from '../../../compile/names';
import { aws, OperationError } from './errors';

/** The outputs of a workflow's stack the CLI uses. */
export interface WorkflowOutputs {
  readonly stackName: string;
  readonly StateMachineArn: string;
  readonly DeadLetterQueueUrl: string;
  readonly DeadLetterQueueArn?: string;
  readonly AlarmTopicArn?: string;
  readonly DashboardName?: string;
}

/** Resolves the stack outputs of a workflow (stack `Dagstep-<workflow>`, or `--stack`). */
export async function workflowOutputs(cfn: CloudFormationClient, workflow: string, stack?: string): Promise<WorkflowOutputs> {
  const name = stack ?? stackName(workflow);
  const res = await aws(name, () => cfn.send(new DescribeStacksCommand({ StackName: name })), 'cloudformation:DescribeStacks');
  const outputs: Record<string, string | undefined> = Object.fromEntries((res.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue]));
  for (const key of ['StateMachineArn', 'DeadLetterQueueUrl']) {
    if (!outputs[key]) {
      throw new OperationError({ file: name, message: `stack has no output ${key}; is it a dagstep workflow stack? (outputs: ${Object.keys(outputs).join(', ') || 'none'})` });
    }
  }
  return { stackName: name, ...outputs } as WorkflowOutputs;
}
