import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListStateMachineAliasesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerStart } from '../../lib/cli/start';
import { useFixtureAwsProfiles } from '../support/aws-profiles';
import { tempDir } from '../support/temp';

const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const ssm = mockClient(SSMClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/etl-dlq';
const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-1';
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 1, 0, s));
const notFound = () => Object.assign(new Error('Parameter /dagstep/etl not found'), { name: 'ParameterNotFound', $metadata: {} });

async function start(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['start', ...args], io, [registerStart]);
  return { code, out: io.out(), err: io.err() };
}

describe('dagstep start', () => {
  useFixtureAwsProfiles();
  let input: string;
  beforeEach(() => {
    cfn.reset(); sfn.reset(); ssm.reset();
    input = path.join(tempDir('dagstep-'), 'in.json');
    fs.writeFileSync(input, '{"date":"2026-11-24"}');
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: at(0) });
  });

  test('start finds the workflow by its SSM parameter and starts its live alias with the input file', async () => {
    // GIVEN a Workflow construct deployed in any stack, with a live alias
    ssm.on(GetParameterCommand, { Name: '/dagstep/etl' }).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, aliasArn: `${SM}:live`, deadLetterQueueUrl: QUEUE, region: 'eu-west-1' }) } });
    // WHEN
    const r = await start('etl', '--input', input, '--name', 'run-1', '--region', 'eu-west-1', '--profile', 'ops');
    // THEN
    expect(r.code).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toStrictEqual({ stateMachineArn: `${SM}:live`, input: '{"date":"2026-11-24"}', name: 'run-1' });
    expect(r.out.split('\n')[0]).toBe(EXEC);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  test('without a parameter, start falls back to the Dagstep-<workflow> stack outputs and its live alias', async () => {
    // GIVEN
    ssm.on(GetParameterCommand).rejects(notFound());
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Dagstep-etl', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE',
      Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }, { OutputKey: 'DeadLetterQueueUrl', OutputValue: QUEUE }] }] });
    sfn.on(ListStateMachineAliasesCommand, { stateMachineArn: SM }).resolves({ stateMachineAliases: [
      { stateMachineAliasArn: `${SM}:canary`, creationDate: at(0) }, { stateMachineAliasArn: `${SM}:live`, creationDate: at(0) }] });
    // WHEN
    const r = await start('etl', '--region', 'eu-west-1');
    // THEN
    expect(r.code).toBe(0);
    expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toStrictEqual({ StackName: 'Dagstep-etl' });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toStrictEqual({ stateMachineArn: `${SM}:live`, input: '{}', name: undefined });
  });

  test('a workflow without an alias starts its state machine', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, deadLetterQueueUrl: QUEUE, region: 'eu-west-1' }) } });
    sfn.on(ListStateMachineAliasesCommand).resolves({ stateMachineAliases: [] });
    const r = await start('etl', '--region', 'eu-west-1');
    expect(r.code).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.stateMachineArn).toBe(SM);
  });

  test('--input takes inline JSON as well as a file', async () => {
    // GIVEN
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, aliasArn: `${SM}:live`, deadLetterQueueUrl: QUEUE, region: 'eu-west-1' }) } });
    // WHEN
    const r = await start('etl', '--input', '{"logicalDate":"2026-11-27T02:00:00Z"}', '--region', 'eu-west-1');
    // THEN
    expect(r.code).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input).toBe('{"logicalDate":"2026-11-27T02:00:00Z"}');
  });

  test('start with a missing input file is a user error naming the file', async () => {
    const r = await start('etl', '--input', '/nope/in.json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('/nope/in.json: --input: cannot read the input file (expected a JSON file, or inline JSON such as \'{"date": "2026-11-24"}\')\n');
  });

  test('no region: one screen saying to pass --region or set AWS_REGION, exit 1, no stack trace', async () => {
    // GIVEN the SDK cannot resolve a region
    ssm.on(GetParameterCommand).rejects(new Error('Region is missing'));
    // WHEN
    const r = await start('etl');
    // THEN
    expect(r.code).toBe(1);
    expect(r.err).toBe(['/dagstep/etl: no AWS region configured.',
      '  Pass --region <region> (e.g. --region eu-west-1), or set AWS_REGION,',
      '  or use a profile with a region (--profile <name> or AWS_PROFILE).', ''].join('\n'));
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  test('no credentials: one screen saying to pass --profile or set AWS_PROFILE, exit 1', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const r = await start('etl', '--region', 'eu-west-1');
    expect(r.code).toBe(1);
    expect(r.err).toBe(['/dagstep/etl: no valid AWS credentials (CredentialsProviderError: Could not load credentials from any providers).',
      '  Pass --profile <name> or set AWS_PROFILE to a profile in ~/.aws/config (after `aws sso login --profile <name>` for SSO),',
      '  or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).', ''].join('\n'));
  });

  test('a denied StartExecution names the IAM action to grant', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ stateMachineArn: SM, aliasArn: `${SM}:live`, deadLetterQueueUrl: QUEUE, region: 'eu-west-1' }) } });
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: {} }));
    const r = await start('etl', '--region', 'eu-west-1');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`needs the IAM action states:StartExecution on ${SM}:live.`);
    expect(r.err).not.toContain('    at ');
  });

  test('the real executable without a region prints only the one-screen message: no SDK warning, no stack trace', () => {
    // GIVEN no region, no profile, no credentials (the SDK fails before any network call)
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    // WHEN the built executable (package.json "bin"; `npm ci` builds it) runs
    const r = spawnSync(process.execPath, [path.join(__dirname, '../../dist/bin/dagstep.js'), 'start', 'etl'], {
      env: { ...env, HOME: tempDir('home-'), AWS_EC2_METADATA_DISABLED: 'true' }, encoding: 'utf8', timeout: 60_000,
    });
    // THEN
    expect([r.status, r.stdout, r.stderr]).toStrictEqual([1, '', ['/dagstep/etl: no AWS region configured.',
      '  Pass --region <region> (e.g. --region eu-west-1), or set AWS_REGION,',
      '  or use a profile with a region (--profile <name> or AWS_PROFILE).', ''].join('\n')]);
  });
});
