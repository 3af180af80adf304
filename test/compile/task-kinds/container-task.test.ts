import { Match } from 'aws-cdk-lib/assertions';
import { stateMachineStatements, synthWorkflow } from '../../support/kind-stack';
import { task, workflow } from '../../support/models';

describe('ContainerTask', () => {
  test('a container task runs on Fargate to completion, without a public IP, and hands on a reference to the result it writes', () => {
    // GIVEN a container task with an input-driven environment value
    const model = workflow('c', [task('report', [], {
      container: { image: 'public.ecr.aws/acme/report:1.4', cpu: 1024, memory: 2048, command: ['node', 'report.js'], environment: { MODE: 'full', DAY: '$.input.day' } },
      timeoutSeconds: 7200,
    })]);
    // WHEN synthesized
    const { definition, template } = synthWorkflow(model);
    // THEN
    const state = definition.States.report;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::ecs:runTask.sync',
      TimeoutSeconds: 7200,
      ResultPath: '$.results.report',
      ResultSelector: { '$dagstep.ref.$': expect.stringMatching(/^States\.Format\('s3:\/\/\{\}\/results\/\{\}\/report\.json', '\$\{WorkflowResultStoreBucket[0-9A-F]+\}', \$\$\.Execution\.Name\)$/) },
    });
    // AND, a required task, it catches nothing: the execution fails at it, where a redrive re-runs it
    expect(state.Catch).toBeUndefined();
    expect(state.Parameters.LaunchType).toBe('FARGATE');
    expect(state.Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBeUndefined();
    expect(state.Parameters.Overrides.ContainerOverrides[0].Environment).toStrictEqual([
      { Name: 'DAGSTEP_RESULT_BUCKET', Value: expect.stringMatching(/^\$\{WorkflowResultStoreBucket[0-9A-F]+\}$/) },
      { Name: 'DAGSTEP_RESULT_KEY', 'Value.$': 'States.Format(\'results/{}/report.json\', $$.Execution.Name)' },
      { Name: 'DAY', 'Value.$': '$.input.day' },
    ]);
    // AND the task definition has the size, image, command and fixed environment, logging to its own group
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024', Memory: '2048', RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc',
      ContainerDefinitions: [Match.objectLike({
        Image: 'public.ecr.aws/acme/report:1.4', Command: ['node', 'report.js'], Environment: [{ Name: 'MODE', Value: 'full' }],
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      })],
    });
    // AND the safe default network: a new VPC with private subnets and a NAT gateway, an SG with no inbound rule
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.absent() });
    // AND the task role may put/get results under results/ only
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('TaskDefinitionTaskRole') }],
      PolicyDocument: { Statement: [{
        Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ResultStoreBucket'), 'Arn'] }, '/results/*']] },
      }] },
    });
  });

  test('an ECR repository can also be given as {repository, tag}', () => {
    // GIVEN
    const model = workflow('c', [task('etl', [], { container: { image: { repository: 'etl-jobs', tag: 'v2' } } })]);
    // WHEN
    const { template } = synthWorkflow(model);
    // THEN
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Image: { 'Fn::Join': ['', Match.arrayWith(['/etl-jobs:v2'])] } })],
    });
  });

  test('a named network, an ECR repository image and secrets by reference', () => {
    // GIVEN an existing VPC by ids, an ECR image and two secrets
    const model = workflow('c', [task('etl', [], { container: {
      image: 'ecr:etl-jobs:2024.1',
      secrets: { API_TOKEN: 'secretsmanager:etl/api:token', DB_PASSWORD: 'ssm:/etl/db/password' },
      network: { vpcId: 'vpc-0abc', subnetIds: ['subnet-01', 'subnet-02'], securityGroupIds: ['sg-0123'] },
    } })]);
    // WHEN
    const { definition, template } = synthWorkflow(model);
    // THEN no VPC is created; the task runs in the named subnets and security group
    template.resourceCountIs('AWS::EC2::VPC', 0);
    expect(definition.States.etl.Parameters.NetworkConfiguration).toStrictEqual({
      AwsvpcConfiguration: { Subnets: ['subnet-01', 'subnet-02'], SecurityGroups: ['sg-0123'] },
    });
    // AND the image is the ECR repository's, the secrets are references the execution role may read
    const arn = (service: string, resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Image: { 'Fn::Join': ['', Match.arrayWith(['/etl-jobs:2024.1'])] },
        Secrets: [
          { Name: 'API_TOKEN', ValueFrom: arn('secretsmanager', 'secret:etl/api:token::') },
          { Name: 'DB_PASSWORD', ValueFrom: arn('ssm', 'parameter/etl/db/password') },
        ],
      })],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('TaskDefinitionExecutionRole') }],
      PolicyDocument: { Statement: Match.arrayWith([
        { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: arn('secretsmanager', 'secret:etl/api-??????') },
        { Action: ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory'], Effect: 'Allow', Resource: arn('ssm', 'parameter/etl/db/password') },
      ]) },
    });
  });
});

describe('ContainerTask IAM', () => {
  test('the state machine may stop and describe only the tasks of its own cluster', () => {
    // GIVEN
    const { template } = synthWorkflow(workflow('c', [task('report', [], { container: { image: 'public.ecr.aws/acme/report:1.4' } })]));
    const cluster = Object.keys(template.findResources('AWS::ECS::Cluster'))[0];
    // WHEN
    const control = stateMachineStatements(template).filter((s) => JSON.stringify(s.Action).includes('ecs:StopTask'));
    // THEN no `*`: the cluster's task ARNs, and the ecs:cluster condition
    expect(control).toStrictEqual([{
      Action: ['ecs:StopTask', 'ecs:DescribeTasks'], Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':task/', { Ref: cluster }, '/*']] },
      Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [cluster, 'Arn'] } } },
    }]);
  });
});
