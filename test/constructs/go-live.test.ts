import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import type { WorkflowModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';

function synth(extra: Partial<WorkflowModel>, props: { observability?: boolean } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new WorkflowStack(app, undefined, { model: workflow('nightly', [task('a', [], { sideEffects: 'none' })], extra), ...props });
  return { stack, template: Template.fromStack(stack) };
}

const widgetTitles = (template: Template): string[] => {
  const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]);
  return [...body.matchAll(/\\"title\\":\\"([^\\]+)\\"/g)].map((m) => m[1]);
};

describe('goLive', () => {
  test('a plain workflow gets its live alias and no trigger or concurrency resources', () => {
    // GIVEN no schedule, triggers or concurrency
    const { stack, template } = synth({});
    // THEN an alias (all at once) but nothing that starts runs by itself
    expect(stack.workflow.triggers).toBeUndefined();
    expect(stack.workflow.concurrency).toBeUndefined();
    template.resourceCountIs('AWS::StepFunctions::StateMachineAlias', 1);
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    // the only rules are the dead-letter guard's (executions ending) and its sweep's schedule; none starts a run
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ 'detail-type': ['Step Functions Execution Status Change'] }) });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
  });

  test('schedule, SQS trigger and concurrency add their health to the alarms and the dashboard', () => {
    // GIVEN everything that starts runs or holds them back
    const { stack, template } = synth({
      schedule: { cron: '0 2 * * ? *' }, triggers: [{ sqs: {} }], concurrency: { maxExecutions: 1 }, deployment: { type: 'canary' },
    });
    const obs = stack.workflow.observability!;
    // THEN each health signal has its alarm, documented for the runbook
    expect(obs.alarmSpecs().map((a) => a.name)).toEqual(expect.arrayContaining([
      'nightly-trigger-failed-starts', 'nightly-trigger-starter-errors', 'nightly-trigger-starts-lost', 'nightly-sqs-trigger-dead-letters',
      'nightly-concurrency-dead-letters', 'nightly-queued-run-age',
    ]));
    // AND its graph on the dashboard
    expect(widgetTitles(template)).toEqual(expect.arrayContaining([
      'Triggers: failed starts', 'Triggers: execution starter', 'Triggers: SQS messages that never started a run', 'Concurrency: queued and skipped runs',
    ]));
    // AND the canary rolls back on the workflow's failure alarm
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      DeploymentPreference: { StateMachineVersionArn: { 'Fn::GetAtt': [stack.getLogicalId(stack.workflow.alias.version), 'Arn'] }, Type: 'CANARY', Percentage: 10, Interval: 5, Alarms: ['nightly-executions-failed'] },
    });
  });

  test('without observability the triggers still work, with no alarms to roll back on', () => {
    // GIVEN observability off
    const { template } = synth({ schedule: { rate: '1 day' }, deployment: { type: 'linear', percent: 20, intervalMinutes: 10 } }, { observability: false });
    // THEN
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const alias = Object.values(template.findResources('AWS::StepFunctions::StateMachineAlias'))[0] as { Properties: { DeploymentPreference: Record<string, unknown> } };
    expect(alias.Properties.DeploymentPreference.Alarms).toBeUndefined();
  });
});
