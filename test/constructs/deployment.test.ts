import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LiveAlias, LiveAliasProps } from '../../lib/constructs/deployment';

function synth(props: Omit<LiveAliasProps, 'stateMachine' | 'workflowName'>, comment = 'v1') {
  const stack = new Stack(new App(), 'D');
  const stateMachine = new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'step', { comment })) });
  const live = new LiveAlias(stack, 'Live', { workflowName: 'nightly', stateMachine, ...props });
  return { template: Template.fromStack(stack), stack, live, machineId: stack.getLogicalId(stateMachine.node.defaultChild as never) };
}

const description = (t: Template) => (Object.values(t.findResources('AWS::StepFunctions::StateMachineVersion'))[0] as { Properties: { Description: string } }).Properties.Description;

describe('LiveAlias', () => {
  test('publishes a retained version of the current revision and points the alias live at it, all at once by default', () => {
    // GIVEN no deployment settings
    const { template, stack, live, machineId } = synth({});
    const versionId = stack.getLogicalId(live.version);
    // THEN a version of the machine's current revision, kept when replaced (in-flight executions finish on it)
    template.hasResource('AWS::StepFunctions::StateMachineVersion', {
      Properties: {
        StateMachineArn: { Ref: machineId },
        StateMachineRevisionId: { 'Fn::GetAtt': [machineId, 'StateMachineRevisionId'] },
        Description: `dagstep nightly definition ${description(template).split(' ').pop()}`,
      },
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
    });
    // AND the alias `live` on it
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live',
      DeploymentPreference: { StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] }, Type: 'ALL_AT_ONCE' },
    });
    expect(stack.resolve(live.aliasArn)).toStrictEqual({ 'Fn::GetAtt': [stack.getLogicalId(live.alias), 'Arn'] });
  });

  test('a changed definition changes the version description, so a new version is published', () => {
    // GIVEN the same machine with two definitions
    const a = description(synth({}, 'v1').template);
    const b = description(synth({}, 'v2').template);
    const again = description(synth({}, 'v1').template);
    // THEN the hash follows the definition
    expect(a).toMatch(/^dagstep nightly definition [0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(a).toBe(again);
  });

  test('canary: the percent first, the rest after the interval, rolled back by the rollback alarms', () => {
    // GIVEN a canary with the workflow's failure alarm and one more alarm of the user
    const { template, stack, live } = synth({ deployment: { type: 'canary', percent: 10, intervalMinutes: 15, alarms: ['orders-api-5xx'] }, rollbackAlarms: ['nightly-executions-failed'] });
    // THEN
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      DeploymentPreference: { StateMachineVersionArn: { 'Fn::GetAtt': [stack.getLogicalId(live.version), 'Arn'] }, Type: 'CANARY', Percentage: 10, Interval: 15, Alarms: ['orders-api-5xx', 'nightly-executions-failed'] },
    });
  });

  test('linear with defaults: 10 % every 5 minutes', () => {
    // GIVEN a linear deployment without numbers
    const { template, stack, live } = synth({ deployment: { type: 'linear' } });
    // THEN
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      DeploymentPreference: { StateMachineVersionArn: { 'Fn::GetAtt': [stack.getLogicalId(live.version), 'Arn'] }, Type: 'LINEAR', Percentage: 10, Interval: 5 },
    });
  });
});
