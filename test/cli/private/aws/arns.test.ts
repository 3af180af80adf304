import { arnName, validateArn } from '../../../../lib/cli/private/aws/arns';
import { OperationError } from '../../../../lib/cli/private/aws/errors';

describe('validateArn', () => {
  test('valid ARNs and queue URLs give their region', () => {
    expect([
      validateArn('stateMachine', 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl', 'x'),
      validateArn('stateMachine', 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl:live', 'x'),
      validateArn('execution', 'arn:aws:states:us-east-2:123456789012:execution:etl:run-1', 'x'),
      validateArn('execution', 'arn:aws-cn:states:cn-north-1:123456789012:execution:etl/mapRun:abc-1', 'x'),
      validateArn('queueUrl', 'https://sqs.eu-west-1.amazonaws.com/123456789012/etl-dlq', 'x'),
      validateArn('queueUrl', 'https://ap-south-1.queue.amazonaws.com/123456789012/q.fifo', 'x'),
    ]).toStrictEqual(['eu-west-1', 'eu-west-1', 'us-east-2', 'cn-north-1', 'eu-west-1', 'ap-south-1']);
  });

  test.each([
    ['execution', 'run-1', 'executionArn: expected an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>), received "run-1"'],
    ['execution', 'arn:aws:states:eu-west-1:123456789012:stateMachine:etl', 'executionArn: expected an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>), received "arn:aws:states:eu-west-1:123456789012:stateMachine:etl"'],
    ['stateMachine', undefined, 'executionArn: expected a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>[:<alias>]), received nothing'],
    ['queueUrl', 'arn:aws:sqs:eu-west-1:123456789012:q', 'executionArn: expected an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>), received "arn:aws:sqs:eu-west-1:123456789012:q"'],
  ] as const)('%s %j is rejected with expected vs received', (kind, value, message) => {
    const call = () => validateArn(kind, value, 'executionArn');
    expect(call).toThrow(OperationError);
    expect(call).toThrow(message);
  });

  test('arnName is the last segment', () => {
    expect(arnName('arn:aws:states:eu-west-1:123456789012:stateMachine:etl:live')).toBe('live');
  });
});
