import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListStateMachineAliasesCommand, ListStateMachinesCommand, ListTagsForResourceCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { awsClients } from '../../../../lib/cli/private/aws/clients';
import { findWorkflow, startTarget } from '../../../../lib/cli/private/aws/discovery';
import { AwsSetupError, OperationError } from '../../../../lib/cli/private/aws/errors';

const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const ssm = mockClient(SSMClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:StateMachine2E01A3A5-abc';
const OTHER = 'arn:aws:states:eu-west-1:123456789012:stateMachine:other';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/App-EtlDeadLetterQueue-xyz';
const err = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });
const clients = () => awsClients({ region: 'eu-west-1' });

describe('findWorkflow', () => {
  beforeEach(() => {
    cfn.reset(); sfn.reset(); ssm.reset();
    ssm.on(GetParameterCommand).rejects(err('ParameterNotFound', 'not found'));
    cfn.on(DescribeStacksCommand).rejects(err('ValidationError', 'Stack with id Dagstep-etl does not exist'));
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
  });

  test('the SSM parameter the construct writes comes first', async () => {
    // GIVEN
    ssm.on(GetParameterCommand, { Name: '/dagstep/etl' }).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, aliasArn: `${SM}:live`, deadLetterQueueUrl: QUEUE, region: 'eu-west-1' }) } });
    // WHEN
    const loc = await findWorkflow(clients(), 'etl');
    // THEN
    expect(loc).toStrictEqual({ workflow: 'etl', stateMachineArn: SM, aliasArn: `${SM}:live`, deadLetterQueueUrl: QUEUE, region: 'eu-west-1', foundBy: 'ssm' });
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  test('the parameter\'s maxExecutions is kept for backfill', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, deadLetterQueueUrl: QUEUE, region: 'eu-west-1', maxExecutions: 3 }) } });
    expect((await findWorkflow(clients(), 'etl')).maxExecutions).toBe(3);
  });

  test('then the outputs of the Dagstep-<workflow> stack', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Dagstep-etl' }).resolves({ Stacks: [{ StackName: 'Dagstep-etl', CreationTime: new Date(0), StackStatus: 'CREATE_COMPLETE',
      Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }, { OutputKey: 'DeadLetterQueueUrl', OutputValue: QUEUE }] }] });
    const loc = await findWorkflow(clients(), 'etl');
    expect(loc).toStrictEqual({ workflow: 'etl', stateMachineArn: SM, deadLetterQueueUrl: QUEUE, region: 'eu-west-1', foundBy: 'stack' });
  });

  test('then a state machine tagged dagstep:workflow=<workflow> (across pages), its queue from the tag', async () => {
    // GIVEN two pages of state machines; the second is the workflow's
    sfn.on(ListStateMachinesCommand, { nextToken: undefined }).resolves({ stateMachines: [{ stateMachineArn: OTHER, name: 'other', type: 'STANDARD', creationDate: new Date(0) }], nextToken: 'p2' });
    sfn.on(ListStateMachinesCommand, { nextToken: 'p2' }).resolves({ stateMachines: [{ stateMachineArn: SM, name: 'sm', type: 'STANDARD', creationDate: new Date(0) }] });
    sfn.on(ListTagsForResourceCommand, { resourceArn: OTHER }).resolves({ tags: [{ key: 'dagstep:workflow', value: 'billing' }] });
    sfn.on(ListTagsForResourceCommand, { resourceArn: SM }).resolves({ tags: [{ key: 'dagstep:workflow', value: 'etl' }, { key: 'dagstep:dead-letter-queue', value: QUEUE }] });
    // WHEN
    const loc = await findWorkflow(clients(), 'etl');
    // THEN
    expect(loc).toStrictEqual({ workflow: 'etl', stateMachineArn: SM, deadLetterQueueUrl: QUEUE, region: 'eu-west-1', foundBy: 'tag' });
  });

  test('a denied ssm:GetParameter falls through to the next method', async () => {
    ssm.on(GetParameterCommand).rejects(err('AccessDeniedException', 'no'));
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ stateMachineArn: SM, name: 'sm', type: 'STANDARD', creationDate: new Date(0) }] });
    sfn.on(ListTagsForResourceCommand).resolves({ tags: [{ key: 'dagstep:workflow', value: 'etl' }, { key: 'dagstep:dead-letter-queue', value: QUEUE }] });
    expect((await findWorkflow(clients(), 'etl')).foundBy).toBe('tag');
  });

  test('not found anywhere: one message listing what was tried and what to do', async () => {
    const e = await findWorkflow(clients(), 'etl').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OperationError);
    expect((e as Error).message).toBe([
      'etl: workflow not found in eu-west-1: no SSM parameter /dagstep/etl; no stack Dagstep-etl; no state machine tagged dagstep:workflow=etl.',
      '  Deploy it with the dagstep Workflow construct (it writes the parameter and the tag), pass --stack <name> for a stack with',
      '  StateMachineArn and DeadLetterQueueUrl outputs, or --region / --profile where it is deployed.'].join('\n'));
  });

  test('missing credentials stop at the first call', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(findWorkflow(clients(), 'etl')).rejects.toBeInstanceOf(AwsSetupError);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  test('a parameter with a malformed ARN is rejected with expected vs received', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: 'etl', deadLetterQueueUrl: QUEUE }) } });
    await expect(findWorkflow(clients(), 'etl')).rejects.toThrow(
      'SSM parameter /dagstep/etl: stateMachineArn: expected a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>[:<alias>]), received "etl"');
  });

  test('--stack reads only that stack', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'MyApp' }).resolves({ Stacks: [{ StackName: 'MyApp', CreationTime: new Date(0), StackStatus: 'CREATE_COMPLETE',
      Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }, { OutputKey: 'DeadLetterQueueUrl', OutputValue: QUEUE }] }] });
    expect((await findWorkflow(clients(), 'etl', 'MyApp')).foundBy).toBe('stack');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });
});

describe('startTarget', () => {
  beforeEach(() => sfn.reset());
  const loc = { workflow: 'etl', stateMachineArn: SM, deadLetterQueueUrl: QUEUE, region: 'eu-west-1', foundBy: 'stack' as const };

  test('the alias from the parameter, else the live alias listed, else the state machine', async () => {
    expect(await startTarget(new SFNClient({ region: 'eu-west-1' }), { ...loc, aliasArn: `${SM}:live` })).toBe(`${SM}:live`);
    sfn.on(ListStateMachineAliasesCommand).resolvesOnce({ stateMachineAliases: [{ stateMachineAliasArn: `${SM}:live`, creationDate: new Date(0) }] })
      .resolves({ stateMachineAliases: [{ stateMachineAliasArn: `${SM}:beta`, creationDate: new Date(0) }] });
    expect(await startTarget(new SFNClient({ region: 'eu-west-1' }), loc)).toBe(`${SM}:live`);
    expect(await startTarget(new SFNClient({ region: 'eu-west-1' }), loc)).toBe(SM);
  });
});

describe('findWorkflow with a denied method', () => {
  beforeEach(() => { cfn.reset(); sfn.reset(); ssm.reset(); });

  test('says which method was denied', async () => {
    ssm.on(GetParameterCommand).rejects(err('AccessDeniedException', 'no'));
    cfn.on(DescribeStacksCommand).rejects(err('ValidationError', 'Stack with id Dagstep-etl does not exist'));
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
    await expect(findWorkflow(clients(), 'etl')).rejects.toThrow('etl: workflow not found in eu-west-1: SSM parameter /dagstep/etl: permission denied; no stack Dagstep-etl; ');
  });
});
