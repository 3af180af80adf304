import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stackName } from '../compile/names';
import { stateMachineExportName } from './task-resources';
import { Workflow, WorkflowProps } from './workflow';

/** Props of a {@link WorkflowStack}. */
export interface WorkflowStackProps extends StackProps, WorkflowProps {}

/**
 * A stack per workflow, named `Dagstep-<workflow>`, with the outputs the dagstep CLI resolves by
 * name: StateMachineArn, DeadLetterQueueUrl, DeadLetterQueueArn (and, with observability,
 * AlarmTopicArn and DashboardName).
 */
export class WorkflowStack extends Stack {
  public readonly workflow: Workflow;

  constructor(scope: Construct, id: string | undefined, props: WorkflowStackProps) {
    super(scope, id ?? stackName(props.model.name), {
      stackName: stackName(props.model.name),
      description: `dagstep workflow ${props.model.name}${props.model.description ? `: ${props.model.description}` : ''}`.slice(0, 1024),
      ...props,
    });
    this.workflow = new Workflow(this, 'Workflow', props);
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn, exportName: stateMachineExportName(props.model.name) });
    new CfnOutput(this, 'AliasArn', { value: this.workflow.alias.aliasArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.workflow.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueArn', { value: this.workflow.deadLetterQueue.queueArn });
    const obs = this.workflow.observability;
    if (obs) {
      new CfnOutput(this, 'AlarmTopicArn', { value: obs.topic.topicArn });
      new CfnOutput(this, 'DashboardName', { value: obs.dashboard.dashboardName });
    }
  }
}
