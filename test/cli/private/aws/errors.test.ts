import { aws, AwsSetupError, OperationError, setupProblem } from '../../../../lib/cli/private/aws/errors';

const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

describe('aws errors', () => {
  test('a missing region says to pass --region or set AWS_REGION', async () => {
    // WHEN
    const err = await aws('etl', () => Promise.reject(new Error('Region is missing'))).catch((e: unknown) => e);
    // THEN
    expect(err).toBeInstanceOf(AwsSetupError);
    expect((err as AwsSetupError).kind).toBe('region');
    expect((err as Error).message).toBe(['etl: no AWS region configured.',
      '  Pass --region <region> (e.g. --region eu-west-1), or set AWS_REGION,',
      '  or use a profile with a region (--profile <name> or AWS_PROFILE).'].join('\n'));
  });

  test.each(['CredentialsProviderError', 'ExpiredTokenException', 'UnrecognizedClientException', 'InvalidClientTokenId'])('%s says to set AWS_PROFILE / --profile', (name) => {
    const p = setupProblem(sdkError(name, 'x'), 'etl');
    expect(p?.kind).toBe('credentials');
    expect(p?.problem.message).toContain('Pass --profile <name> or set AWS_PROFILE');
  });

  test('AccessDenied names the IAM action and the resource', async () => {
    const err = await aws('arn:aws:sqs:q', () => Promise.reject(sdkError('AccessDenied', 'denied')), 'sqs:ReceiveMessage').catch((e: unknown) => e);
    expect((err as AwsSetupError).kind).toBe('permission');
    expect((err as Error).message).toBe(['arn:aws:sqs:q: permission denied (AccessDenied): denied',
      '  The identity you run dagstep with needs the IAM action sqs:ReceiveMessage on arn:aws:sqs:q.',
      '  Grant it, or pass --profile <name> / set AWS_PROFILE to a role that has it.'].join('\n'));
  });

  test('another service error is a one-line OperationError naming where', async () => {
    const err = await aws('run-1', () => Promise.reject(sdkError('ExecutionDoesNotExist', 'no such execution'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationError);
    expect(err).not.toBeInstanceOf(AwsSetupError);
    expect((err as Error).message).toBe('run-1: ExecutionDoesNotExist: no such execution');
  });

  test('a bug (not an AWS error) is rethrown as is', async () => {
    const bug = new TypeError('x is undefined');
    await expect(aws('w', () => Promise.reject(bug))).rejects.toBe(bug);
  });
});
