import { Match } from 'aws-cdk-lib/assertions';
import { stateMachineStatements, synthWorkflow } from '../../support/kind-stack';
import { task, workflow } from '../../support/models';

const CONNECTION = 'arn:aws:events:eu-west-1:123456789012:connection/orders-api/0a1b2c3d-1111-2222-3333-444455556666';

describe('HttpTask', () => {
  test('an http task calls the URL through the connection with query and body from its inputs', () => {
    // GIVEN an HTTP extract step after a Lambda task
    const model = workflow('h', [
      task('since', [], { sideEffects: 'none' }),
      task('extract', ['since'], { http: { method: 'POST', url: 'https://api.example.com/v1/orders/search', connection: CONNECTION, query: { limit: '100', day: '$.input.day' }, body: { from: '$.results.since.cursor', kind: 'orders' } } }),
    ]);
    // WHEN synthesized
    const { definition, template } = synthWorkflow(model);
    // THEN the state names the connection (auth lives there), never a credential
    expect(definition.States.extract).toMatchObject({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::http:invoke',
      Parameters: {
        ApiEndpoint: 'https://api.example.com/v1/orders/search',
        Method: 'POST',
        Authentication: { ConnectionArn: CONNECTION },
        QueryParameters: { limit: '100', 'day.$': '$.input.day' },
        RequestBody: { 'from.$': '$.results.since.cursor', kind: 'orders' },
      },
      ResultSelector: { 'statusCode.$': '$.StatusCode', 'body.$': '$.ResponseBody' },
      ResultPath: '$.results.extract',
    });
    // AND, a required task, it catches nothing: the execution fails at it, where a redrive re-runs it
    expect(definition.States.extract.Catch).toBeUndefined();
    // AND the role may call that URL with that method, read the connection and its secret only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        { Action: 'events:RetrieveConnectionCredentials', Effect: 'Allow', Resource: CONNECTION },
        {
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow',
          Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:events!connection/orders-api/*',
        },
      ]) },
    });
    // AND InvokeHTTPEndpoint is on the machine's own ARN (and its versions/aliases), for that URL and method only
    const machine = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const endpoints = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => /HttpEndpointsPolicy/.test(id));
    expect(endpoints.map(([, p]) => (p as { Properties: unknown }).Properties)).toStrictEqual([{
      PolicyName: expect.any(String),
      Roles: [{ Ref: expect.stringMatching(/^WorkflowStateMachineRole/) }],
      PolicyDocument: { Version: '2012-10-17', Statement: [{
        Action: 'states:InvokeHTTPEndpoint', Effect: 'Allow',
        Condition: { StringEquals: { 'states:HTTPEndpoint': 'https://api.example.com/v1/orders/search', 'states:HTTPMethod': 'POST' } },
        Resource: [{ Ref: machine }, { 'Fn::Join': ['', [{ Ref: machine }, ':*']] }],
      }] },
    }]);
    // AND the live alias (what triggers and dagstep start run) waits for that grant
    const [version] = Object.values(template.findResources('AWS::StepFunctions::StateMachineVersion')) as { DependsOn?: string[] }[];
    expect(version.DependsOn).toContain(endpoints[0][0]);
    expect(JSON.stringify(stateMachineStatements(template))).not.toContain('stateMachine:*');
  });

  test('a body that is one path sends that value', () => {
    // GIVEN a PUT whose body is the execution input's order
    const model = workflow('h', [task('put', [], { http: { method: 'PUT', url: 'https://api.example.com/v1/orders/1', connection: CONNECTION, body: '$.input.order' } })]);
    // WHEN
    const { definition } = synthWorkflow(model);
    // THEN
    expect(definition.States.put.Parameters).toStrictEqual({
      ApiEndpoint: 'https://api.example.com/v1/orders/1', Method: 'PUT', Authentication: { ConnectionArn: CONNECTION }, 'RequestBody.$': '$.input.order',
    });
  });
});
