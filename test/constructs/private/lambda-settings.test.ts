import { Match } from 'aws-cdk-lib/assertions';
import { architectureOf } from '../../../lib/constructs/private/lambda-settings';
import { synthWorkflow } from '../../support/kind-stack';
import { task, workflow } from '../../support/models';

const LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:tools:3';

describe('Lambda settings', () => {
  test('architecture: arm64 by default, x86_64 when layers are used, what the task says otherwise', () => {
    expect([
      architectureOf(task('a')),
      architectureOf(task('b', [], { layers: [LAYER] })),
      architectureOf(task('c', [], { layers: [LAYER], architecture: 'arm64' })),
      architectureOf(task('d', [], { architecture: 'x86_64' })),
    ]).toStrictEqual(['arm64', 'x86_64', 'arm64', 'x86_64']);
  });

  test('memory, architecture, /tmp, reserved concurrency, VPC and layers land on the function', () => {
    // GIVEN one task with every setting
    const model = workflow('s', [task('heavy', [], {
      memorySize: 3008, ephemeralStorageSize: 4096, reservedConcurrency: 5, layers: [LAYER],
      vpc: { subnetIds: ['subnet-01', 'subnet-02'], securityGroupIds: ['sg-01'] },
    })]);
    // WHEN synthesized
    const { template } = synthWorkflow(model);
    // THEN
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 3008,
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 4096 },
      ReservedConcurrentExecutions: 5,
      Layers: [LAYER],
      VpcConfig: { SubnetIds: ['subnet-01', 'subnet-02'], SecurityGroupIds: ['sg-01'] },
    });
    // AND the function may manage its network interfaces (inline, no managed policy)
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{
        Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        Effect: 'Allow', Resource: '*',
      }] },
    });
  });

  test('tasks sharing a handler but not their settings get distinct functions; equal settings share one', () => {
    // GIVEN three pass-through tasks, two with the same memory
    const model = workflow('s', [
      task('a', [], { memorySize: 1024 }),
      task('b', ['a'], { memorySize: 1024 }),
      task('c', ['b'], { memorySize: 2048 }),
      task('d', ['c']),
    ]);
    // WHEN synthesized
    const { template } = synthWorkflow(model);
    // THEN three task functions: 1024 MB (a, b), 2048 MB (c), the default (d), and the dead-letter guard
    template.resourceCountIs('AWS::Lambda::Function', 5); // and the guard's sweep
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Description: 'dagstep s: a, b', Architectures: ['arm64'] });
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 2048, Description: 'dagstep s: c' });
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 256, Description: 'dagstep s: d', ReservedConcurrentExecutions: Match.absent() });
  });
});
