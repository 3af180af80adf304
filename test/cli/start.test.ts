import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerStart } from '../../lib/cli/start';

const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl';
const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-1';
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 1, 0, s));

describe('dagstep start', () => {
  beforeEach(() => {
    cfn.reset(); sfn.reset();
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Dagstep-etl', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE',
      Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: SM }, { OutputKey: 'DeadLetterQueueUrl', OutputValue: 'https://q' }] }] });
  });

  test('start resolves the stack by name and starts an execution with the input file', async () => {
    // GIVEN
    const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-')), 'in.json');
    fs.writeFileSync(input, '{"date":"2026-11-24"}');
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: at(0) });
    // WHEN
    const io = captureIO();
    const code = await runCli(['start', 'etl', '--input', input, '--name', 'run-1'], io, [registerStart]);
    // THEN
    expect(code).toBe(0);
    expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toStrictEqual({ StackName: 'Dagstep-etl' });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toStrictEqual({ stateMachineArn: SM, input: '{"date":"2026-11-24"}', name: 'run-1' });
    expect(io.out().split('\n')[0]).toBe(EXEC);
  });

  test('start with a missing input file is a user error naming the file', async () => {
    const io = captureIO();
    expect(await runCli(['start', 'etl', '--input', '/nope/in.json'], io, [registerStart])).toBe(1);
    expect(io.err()).toBe('/nope/in.json: cannot read the input file\n');
  });
});
