import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { TaskModel } from '../../model/types';

/** What a container task runs on: built by lib/constructs/task-resources.ts. */
export interface ContainerResources {
  readonly cluster: ecs.ICluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
}

/** Where task results too large for the state are stored (the claim-check bucket). */
export interface ResultLocation {
  readonly bucketName: string;
  /** Key prefix every result is stored under (ends with `/`). */
  readonly prefix: string;
}

/**
 * The AWS resources non-Lambda task kinds need, provided by the Workflow construct so the compiler
 * renders states only: it never creates infrastructure itself.
 */
export interface KindResources {
  container(task: TaskModel): ContainerResources;
  resultStore(): ResultLocation;
  /** The state machine a `workflow:` task starts. */
  childWorkflow(task: TaskModel): sfn.IStateMachine;
  /** The function a `waitFor:` task hands its token to (and the rule that resumes it), made on first use. */
  waitForFunction(task: TaskModel): lambda.IFunction;
  /** Where an `approval:` task publishes its notification. */
  approvalTopic(task: TaskModel): ApprovalTopic;
}

/** The SNS topic of an approval, and the KMS key that encrypts it (the publisher needs it). */
export interface ApprovalTopic {
  readonly topicArn: string;
  readonly keyArn?: string;
}
