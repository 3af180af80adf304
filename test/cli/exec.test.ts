import * as fs from 'fs';
import * as path from 'path';
import { registerExec } from '../../lib/cli/exec';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { tempDir } from '../support/temp';

const dir = tempDir('dagstep-exec-');
const file = (name: string, content: unknown) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};

async function exec(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['exec', ...args], io, [registerExec]);
  return { code, out: io.out(), err: io.err() };
}

/** The Step Functions Local "LambdaSQSIntegration" shape: a Lambda with Retry, then an SQS send. */
const definition = {
  StartAt: 'LambdaState',
  States: {
    LambdaState: {
      Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { 'Payload.$': '$', FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:HelloWorldFunction' },
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      Next: 'SQSState',
    },
    SQSState: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/myQueue', 'MessageBody.$': '$' }, End: true },
    Failed: { Type: 'Fail', Error: 'Lambda.Failed', Cause: 'gave up' },
  },
};

const mock = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
        FailPath: { LambdaState: 'MockedLambdaAlwaysFails' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { 0: { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } } },
    MockedSQSSuccess: { 0: { Return: { MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51', MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' } } },
    MockedLambdaRetry: {
      0: { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      3: { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
    MockedLambdaAlwaysFails: { '0-3': { Throw: { Error: 'Lambda.Boom', Cause: 'boom' } } },
  },
};

const def = file('LambdaSQSIntegration.json', definition);
const mockFile = file('MockConfigFile.json', mock);
const input = file('input.json', { hello: 'world' });

describe('dagstep exec', () => {
  test('HappyPath: mocked Lambda and SQS answers, --json summary', async () => {
    // WHEN
    const r = await exec(def, '--input', input, '--mock', mockFile, '--test-case', 'HappyPath', '--json');
    // THEN
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect([s.status, s.output, s.error]).toStrictEqual(['SUCCEEDED', { MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51', MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' }, undefined]);
    expect(s.transitions).toBe(2);
  });

  test('RetryPath: invocation ranges answer each retry; the fourth attempt returns', async () => {
    // WHEN
    const r = await exec(def, '--mock', mockFile, '--test-case', 'RetryPath', '--json');
    // THEN it succeeded after 2 + 4 + 8 s of retries
    const s = JSON.parse(r.out);
    expect([r.code, s.status, s.makespanSeconds]).toStrictEqual([0, 'SUCCEEDED', 14]);
  });

  test('HybridPath: a state the test case does not mock runs its built-in integration', async () => {
    // WHEN SQSState is not mocked (the local SQS captures the message)
    const r = await exec(def, '--input', input, '--mock', mockFile, '--test-case', 'HybridPath', '--json');
    // THEN
    const s = JSON.parse(r.out);
    expect([r.code, s.status, Object.keys(s.output).sort()]).toStrictEqual([0, 'SUCCEEDED', ['MD5OfMessageBody', 'MessageId']]);
  });

  test('FailPath: Throw goes through Retry and Catch; the human output names status, error and cause', async () => {
    // WHEN
    const r = await exec(def, '--mock', mockFile, '--test-case', 'FailPath');
    // THEN
    expect(r.code).toBe(1);
    expect(r.out).toBe('status: FAILED\nerror: Lambda.Failed\ncause: gave up\n');
  });

  test('without a mock a Lambda task is a clear one-line error naming file and state', async () => {
    // WHEN
    const r = await exec(def);
    // THEN
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${def}: state "LambdaState": calling Lambda arn:aws:lambda:us-east-1:123456789012:function:HelloWorldFunction (mock the state with --mock) is not supported by the dagstep local engine\n`);
  });

  test.each([
    ['a definition that is not JSON', () => [file('bad.json', '{ nope')], /bad\.json: the definition is not valid JSON/],
    ['a definition without StartAt', () => [file('nostart.json', { States: {} })], /nostart\.json: StartAt: expected the name of the first state, received undefined/],
    ['a missing input file', () => [def, '--input', path.join(dir, 'none.json')], /none\.json: --input: cannot read the input file/],
    ['an unknown test case', () => [def, '--mock', mockFile, '--test-case', 'Nope'], /MockConfigFile\.json: StateMachines\.LambdaSQSIntegration\.TestCases: no test case "Nope" \(has: HappyPath, RetryPath, HybridPath, FailPath\)/],
    ['a bad invocation key', () => [def, '--mock', file('m1.json', { StateMachines: {}, MockedResponses: { R: { first: { Return: 1 } } } })], /m1\.json: MockedResponses\.R\.first: expected an invocation number/],
    ['Return and Throw together', () => [def, '--mock', file('m2.json', { StateMachines: {}, MockedResponses: { R: { 0: { Return: 1, Throw: { Error: 'E' } } } } })], /m2\.json: MockedResponses\.R\.0: expected exactly one of Return and Throw/],
    ['a test case naming an unknown response', () => [def, '--mock', file('m3.json', { StateMachines: { S: { TestCases: { T: { A: 'Missing' } } } }, MockedResponses: {} })], /m3\.json: StateMachines\.S\.TestCases\.T\.A: no mocked response "Missing"/],
  ])('%s: exit 1, one line naming the file and field, no stack', async (_what, args, message) => {
    // WHEN
    const r = await exec(...(args)());
    // THEN
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/internal error| {4}at /);
  });
});
