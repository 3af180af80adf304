import { Match } from 'aws-cdk-lib/assertions';
import { sdkIamAction } from '../../../lib/compile/task-kinds/sdk-task';
import { synthWorkflow } from '../../support/kind-stack';
import { task, workflow } from '../../support/models';

const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/audit';

describe('SdkTask', () => {
  test('an sdk task calls service:action with parameters from its inputs; IAM allows that action on the named resource only', () => {
    // GIVEN a DynamoDB putItem step
    const model = workflow('s', [task('audit', [], { sdk: { service: 'dynamodb', action: 'putItem', resource: TABLE, parameters: { TableName: 'audit', Item: { pk: { 'S.$': '$.input.id' }, note: { S: 'done' } } } } })]);
    // WHEN synthesized
    const { definition, template } = synthWorkflow(model);
    // THEN
    expect(definition.States.audit).toMatchObject({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::aws-sdk:dynamodb:putItem',
      Parameters: { TableName: 'audit', Item: { pk: { 'S.$': '$.input.id' }, note: { S: 'done' } } },
      ResultPath: '$.results.audit',
      TimeoutSeconds: 60,
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: TABLE }]) },
    });
  });

  test('SDK service names map to their IAM prefixes where they differ', () => {
    expect([sdkIamAction('sfn', 'startExecution'), sdkIamAction('cloudwatchlogs', 'putLogEvents'), sdkIamAction('s3', 'getObject')])
      .toStrictEqual(['states:StartExecution', 'logs:PutLogEvents', 's3:GetObject']);
  });

  test('a list of resources is granted as given', () => {
    // GIVEN two resources
    const resources = ['arn:aws:sqs:eu-west-1:123456789012:a', 'arn:aws:sqs:eu-west-1:123456789012:b'];
    const model = workflow('s', [task('q', [], { sdk: { service: 'sqs', action: 'purgeQueue', resource: resources, parameters: { QueueUrl: '$.input.queue' } } })]);
    // WHEN
    const { definition, template } = synthWorkflow(model);
    // THEN
    expect(definition.States.q.Parameters).toStrictEqual({ 'QueueUrl.$': '$.input.queue' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'sqs:PurgeQueue', Effect: 'Allow', Resource: resources }]) },
    });
  });
});
