import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { serviceFunction } from '../../../lib/constructs/private/service-function';

test('a dagstep service function: ARM, Node 24, X-Ray, its own log group and an inline-only role', () => {
  // GIVEN a stack that skips bundling
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
  // WHEN the release function is made
  const { fn, role } = serviceFunction(stack, 'Release', {
    workflowName: 'nightly', entry: 'concurrency/release.ts', description: 'frees slots', environment: { X: '1' }, logRetention: logs.RetentionDays.ONE_WEEK,
  });
  const template = Template.fromStack(stack);
  // THEN
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256, Timeout: 30, TracingConfig: { Mode: 'Active' },
    Description: 'dagstep nightly: frees slots', Environment: { Variables: { DAGSTEP_WORKFLOW: 'nightly', X: '1' } },
    Role: { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as never), 'Arn'] },
    LoggingConfig: { LogGroup: { Ref: stack.getLogicalId(fn.logGroup.node.defaultChild as never) } },
  });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  expect(Object.values(template.findResources('AWS::IAM::Role'))[0]).not.toHaveProperty('Properties.ManagedPolicyArns');
});
