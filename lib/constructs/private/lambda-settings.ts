import { Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { LambdaArchitecture, TaskModel } from '../../model/types';
import { acknowledge } from '../security';

/** The task fields that configure a function: tasks that differ in any get distinct functions. */
export function settingsKey(t: TaskModel): string {
  return JSON.stringify([t.memorySize, architectureOf(t), t.ephemeralStorageSize, t.reservedConcurrency, t.vpc, t.layers, t.resultStore]);
}

/**
 * The architecture rule: what the task says; else arm64 (cheaper per GB-second, and the bundled
 * handler is plain JavaScript) unless the task uses layers, whose binaries dagstep cannot inspect and
 * which are most often built for x86_64 — then x86_64 unless the task says `architecture: arm64`.
 */
export function architectureOf(t: TaskModel): LambdaArchitecture {
  return t.architecture ?? ((t.layers?.length ?? 0) > 0 ? 'x86_64' : 'arm64');
}

/** Memory, architecture, /tmp, reserved concurrency and layers of a task's function. */
export function lambdaSettings(scope: Construct, id: string, t: TaskModel, defaultMemory: number): Partial<lambda.FunctionProps> {
  return {
    architecture: architectureOf(t) === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
    memorySize: t.memorySize ?? defaultMemory,
    ephemeralStorageSize: t.ephemeralStorageSize !== undefined ? Size.mebibytes(t.ephemeralStorageSize) : undefined,
    reservedConcurrentExecutions: t.reservedConcurrency,
    layers: t.layers?.map((arn, i) => lambda.LayerVersion.fromLayerVersionArn(scope, `${id}Layer${i}`, arn)),
  };
}

/**
 * `vpc: {subnetIds, securityGroupIds}`: the function's VpcConfig, by ids (no lookup at synth), and
 * the network-interface actions Lambda needs for it as an inline grant (they support no resource
 * scoping, so Resource is `*`; the same as AWSLambdaVPCAccessExecutionRole without a managed policy).
 */
export function placeInVpc(fn: lambda.Function, role: iam.Role, t: TaskModel): void {
  if (!t.vpc) return;
  (fn.node.defaultChild as lambda.CfnFunction).vpcConfig = { subnetIds: [...t.vpc.subnetIds], securityGroupIds: [...t.vpc.securityGroupIds] };
  const grant = new iam.Policy(fn, 'VpcAccess', {
    statements: [new iam.PolicyStatement({
      actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: ['*'],
    })],
  });
  role.attachInlinePolicy(grant);
  acknowledge(grant, [{ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'EC2 network-interface actions Lambda needs to run in a VPC support no resource-level permissions.' }]);
  // The function must not be created before it may create its network interfaces.
  fn.node.addDependency(grant);
}
