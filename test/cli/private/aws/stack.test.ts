import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { OperationError } from '../../../../lib/cli/private/aws/errors';
import { workflowOutputs } from '../../../../lib/cli/private/aws/stack';

const cfn = mockClient(CloudFormationClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const stack = (outputs: Record<string, string>) => ({ Stacks: [{ StackName: 'x', CreationTime: new Date(0), StackStatus: 'CREATE_COMPLETE' as const,
  Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] });

describe('workflowOutputs', () => {
  beforeEach(() => cfn.reset());

  test('resolves the outputs of Dagstep-<workflow>, "_" becoming "-"', async () => {
    // GIVEN
    cfn.on(DescribeStacksCommand).resolves(stack({ StateMachineArn: SM, DeadLetterQueueUrl: 'https://q', DashboardName: 'd' }));
    // WHEN
    const out = await workflowOutputs(new CloudFormationClient({ region: 'eu-west-1' }), 'nightly_batch');
    // THEN
    expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toStrictEqual({ StackName: 'Dagstep-nightly-batch' });
    expect(out).toStrictEqual({ stackName: 'Dagstep-nightly-batch', StateMachineArn: SM, DeadLetterQueueUrl: 'https://q', DashboardName: 'd' });
  });

  test('--stack overrides the derived stack name', async () => {
    // GIVEN
    cfn.on(DescribeStacksCommand).resolves(stack({ StateMachineArn: SM, DeadLetterQueueUrl: 'https://q' }));
    // WHEN
    await workflowOutputs(new CloudFormationClient({ region: 'eu-west-1' }), 'etl', 'MyStack');
    // THEN
    expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toStrictEqual({ StackName: 'MyStack' });
  });

  test('a stack without the StateMachineArn output is an OperationError naming the stack and the output', async () => {
    // GIVEN
    cfn.on(DescribeStacksCommand).resolves(stack({ DeadLetterQueueUrl: 'https://q' }));
    // WHEN
    const err = await workflowOutputs(new CloudFormationClient({ region: 'eu-west-1' }), 'etl').catch((e: unknown) => e);
    // THEN
    expect(err).toBeInstanceOf(OperationError);
    expect((err as OperationError).message).toContain('Dagstep-etl');
    expect((err as OperationError).message).toContain('stack has no output StateMachineArn; is it a dagstep workflow stack? (outputs: DeadLetterQueueUrl)');
  });

  test('a missing stack (ValidationError from CloudFormation) is an OperationError naming the stack', async () => {
    // GIVEN
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Dagstep-etl does not exist'), { name: 'ValidationError', $metadata: {} }));
    // WHEN
    const err = await workflowOutputs(new CloudFormationClient({ region: 'eu-west-1' }), 'etl').catch((e: unknown) => e);
    // THEN
    expect(err).toBeInstanceOf(OperationError);
    expect((err as OperationError).message).toContain('Dagstep-etl');
    expect((err as OperationError).message).toContain('ValidationError: Stack with id Dagstep-etl does not exist');
  });
});
