import { Aws, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { stackName } from '../compile/names';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ApprovalTopic, ContainerResources, KindResources, ResultLocation } from '../compile/task-kinds/kind-resources';
import { CallbackResources } from './callback-resources';
import { httpEndpointStatement } from '../compile/task-kinds/http-task';
import { RESULT_PREFIX } from '../model/contract';
import { CompileError } from '../model/errors';
import { loadSpecFile } from '../model/spec-loader';
import { isWorkflowSpecPath, kindOf, TaskKindName } from '../model/task-kinds';
import type { IntegrationTasks } from './observability';
import type { ContainerConfig, TaskModel, WorkflowModel } from '../model/types';
import type { ResultStore } from './result-store';
import { acknowledge } from './security';

/** Props of {@link TaskResources}. */
export interface TaskResourcesProps {
  readonly model: WorkflowModel;
  /** Where containers write their result (claim check). @default - none: container tasks are refused */
  readonly resultStore?: ResultStore;
  readonly logRetention: logs.RetentionDays;
}

/** The Step Functions integration each non-Lambda task calls (for its metrics, graph and alarms). */
export function integrationTasks(model: WorkflowModel): IntegrationTasks[] {
  const byResource = new Map<string, IntegrationTasks & { taskIds: string[] }>();
  for (const t of model.tasks) {
    const kind = kindOf(t);
    if (kind === 'lambda') continue;
    const [integration, label] = kind === 'sdk' ? [`aws-sdk:${t.sdk!.service}:${t.sdk!.action}`, `sdk-${t.sdk!.service}-${t.sdk!.action}`] : [INTEGRATIONS[kind], kind];
    const resource = `arn:${Aws.PARTITION}:states:::${integration}`;
    const entry = byResource.get(resource) ?? { resource, kind: label, taskIds: [] };
    entry.taskIds.push(t.id);
    byResource.set(resource, entry);
  }
  return [...byResource.values()];
}

const INTEGRATIONS: Record<Exclude<TaskKindName, 'lambda' | 'sdk'>, string> = {
  container: 'ecs:runTask.sync', batch: 'batch:submitJob.sync', glue: 'glue:startJobRun.sync', http: 'http:invoke', workflow: 'states:startExecution.sync:2',
  waitFor: 'lambda:invoke.waitForTaskToken', approval: 'sns:publish.waitForTaskToken',
};

/** The CloudFormation export of a dagstep workflow's state machine ARN (see WorkflowStack). */
export const stateMachineExportName = (workflow: string): string => `${stackName(workflow)}-StateMachineArn`;

/**
 * The infrastructure of non-Lambda task kinds, made on first use:
 * - containers: one ECS cluster; by default one new VPC (2 AZs, private subnets with one NAT
 *   gateway for egress, no inbound path) and a security group with no inbound rule; a container's
 *   `network` names an existing VPC, subnets and security groups by id instead (no lookup at
 *   synth). Each container task gets a Fargate task definition, its own log group, a task role
 *   that may write results under `results/`, and an execution role that may pull its image and
 *   read only the secrets it names;
 * - workflow tasks: the child's state machine, imported by its stack's export
 *   `Dagstep-<name>-StateMachineArn` (deploy the child first).
 */
export class TaskResources extends Construct implements KindResources {
  private cluster?: ecs.Cluster;
  private defaultVpc?: ec2.Vpc;
  private readonly vpcs = new Map<string, ec2.IVpc>();
  private readonly securityGroups = new Map<string, ec2.ISecurityGroup>();
  private readonly containers = new Map<string, ContainerResources>();
  private readonly children = new Map<string, sfn.IStateMachine>();
  private callbackResources?: CallbackResources;

  constructor(scope: Construct, id: string, private readonly props: TaskResourcesProps) {
    super(scope, id);
  }

  resultStore(): ResultLocation {
    return { bucketName: this.store().bucket.bucketName, prefix: RESULT_PREFIX };
  }

  private store(): ResultStore {
    if (!this.props.resultStore) throw new Error('internal: container tasks need the workflow\'s result store');
    return this.props.resultStore;
  }

  container(task: TaskModel): ContainerResources {
    const hit = this.containers.get(task.id);
    if (hit) return hit;
    const c = task.container!;
    const vpc = this.vpcOf(c);
    const taskDefinition = new ecs.FargateTaskDefinition(this, `${task.id}TaskDefinition`, {
      cpu: c.cpu ?? 256,
      memoryLimitMiB: c.memory ?? 512,
    });
    const logGroup = new logs.LogGroup(this, `${task.id}ContainerLogs`, {
      retention: this.props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const container = taskDefinition.addContainer('main', {
      image: this.image(task.id, c.image),
      command: c.command ? [...c.command] : undefined,
      environment: Object.fromEntries(Object.entries(c.environment ?? {}).filter(([, v]) => !/^\$\.(input|results)\b/.test(v))),
      secrets: this.secrets(task, c),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: task.id, logGroup }),
    });
    this.store().grant(taskDefinition.taskRole, true);
    acknowledge(taskDefinition, [{
      id: 'AwsSolutions-ECS2',
      reason: 'Only plain configuration from the spec\'s container.environment; secrets go through container.secrets (ECS secrets from SSM or Secrets Manager, by reference only).',
    }, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The execution role pulls an ECR image: ecr:GetAuthorizationToken has no resource-level permission (the pull actions are on the one repository).',
    }]);
    const sgs = c.network?.securityGroupIds
      ? c.network.securityGroupIds.map((id) => this.importedSecurityGroup(id))
      : [this.defaultSecurityGroup(vpc, c.network?.vpcId ?? 'default')];
    const subnets: ec2.SubnetSelection = c.network
      ? { subnets: c.network.subnetIds.map((id) => ec2.Subnet.fromSubnetId(this, `${task.id}Subnet-${id}`, id)) }
      : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const out: ContainerResources = { cluster: this.clusterIn(vpc), taskDefinition, container, subnets, securityGroups: sgs };
    this.containers.set(task.id, out);
    return out;
  }

  childWorkflow(task: TaskModel): sfn.IStateMachine {
    const ref = task.workflow!;
    const hit = this.children.get(ref);
    if (hit) return hit;
    const name = isWorkflowSpecPath(ref) ? loadSpecFile(ref).name : ref;
    if (name === this.props.model.name) {
      throw new CompileError({ file: this.props.model.source, taskId: task.id, field: 'workflow', message: `a workflow cannot run itself ("${name}")` });
    }
    const sm = sfn.StateMachine.fromStateMachineArn(this, `${task.id}ChildWorkflow`, Fn.importValue(stateMachineExportName(name)));
    this.children.set(ref, sm);
    return sm;
  }

  waitForFunction(task: TaskModel): lambda.IFunction {
    return this.callbacks().waitForFunction(task);
  }

  approvalTopic(task: TaskModel): ApprovalTopic {
    return this.callbacks().approvalTopic(task);
  }

  /** waitFor/approval resources (lib/constructs/callback-resources.ts), if a task made them. */
  get callbackResourcesIfAny(): CallbackResources | undefined {
    return this.callbackResources;
  }

  /** Once the state machines exist: the grants that name them (see CallbackResources.bind). */
  bindStateMachines(machines: readonly sfn.StateMachine[]): void {
    this.callbackResources?.bind(machines);
  }

  private callbacks(): CallbackResources {
    this.callbackResources ??= new CallbackResources(this, 'Callbacks', { model: this.props.model, logRetention: this.props.logRetention });
    return this.callbackResources;
  }

  /** A registry image, or an image of an existing ECR repository (named; no lookup, no Docker build). */
  private image(taskId: string, image: ContainerConfig['image']): ecs.ContainerImage {
    const m = typeof image === 'string' ? /^ecr:([^:]+)(?::(.+))?$/.exec(image) : null;
    if (typeof image === 'string' && !m) return ecs.ContainerImage.fromRegistry(image);
    const [repository, tag] = typeof image === 'string' ? [m![1], m![2]] : [image.repository, image.tag];
    return ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(this, `${taskId}Repository`, repository), tag ?? 'latest');
  }

  private secrets(task: TaskModel, c: ContainerConfig): Record<string, ecs.Secret> | undefined {
    if (!c.secrets) return undefined;
    return Object.fromEntries(Object.entries(c.secrets).map(([env, ref]) => {
      const id = `${task.id}Secret-${env}`;
      if (ref.startsWith('ssm:')) {
        const name = ref.slice('ssm:'.length);
        return [env, ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(this, id, { parameterName: name }))];
      }
      const [, secretName, field] = /^secretsmanager:([^:]+)(?::(.+))?$/.exec(ref)!;
      return [env, ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(this, id, secretName), field)];
    }));
  }

  private vpcOf(c: ContainerConfig): ec2.IVpc {
    if (!c.network) {
      this.defaultVpc ??= new ec2.Vpc(this, 'TasksVpc', {
        maxAzs: 2,
        natGateways: 1,
        subnetConfiguration: [
          { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
          { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        ],
        flowLogs: { rejected: { trafficType: ec2.FlowLogTrafficType.REJECT } },
      });
      return this.defaultVpc;
    }
    const { vpcId, subnetIds } = c.network;
    let vpc = this.vpcs.get(vpcId);
    if (!vpc) {
      // Availability zones are placeholders: the task names its subnets by id, nothing selects by zone.
      vpc = ec2.Vpc.fromVpcAttributes(this, `Vpc-${vpcId}`, { vpcId, availabilityZones: subnetIds.map((_, i) => `zone-${i}`), privateSubnetIds: [...subnetIds] });
      this.vpcs.set(vpcId, vpc);
    }
    return vpc;
  }

  /** One cluster for every container task: a Fargate task runs in the subnets it is given, whatever the cluster's VPC. */
  private clusterIn(vpc: ec2.IVpc): ecs.ICluster {
    this.cluster ??= new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    return this.cluster;
  }

  private defaultSecurityGroup(vpc: ec2.IVpc, key: string): ec2.ISecurityGroup {
    let sg = this.securityGroups.get(key);
    if (!sg) {
      sg = new ec2.SecurityGroup(this, `TasksSecurityGroup-${key}`, {
        vpc, allowAllOutbound: true, description: `dagstep ${this.props.model.name}: container tasks (no inbound)`,
      });
      this.securityGroups.set(key, sg);
    }
    return sg;
  }

  private importedSecurityGroup(id: string): ec2.ISecurityGroup {
    let sg = this.securityGroups.get(id);
    if (!sg) {
      sg = ec2.SecurityGroup.fromSecurityGroupId(this, `SecurityGroup-${id}`, id, { mutable: false });
      this.securityGroups.set(id, sg);
    }
    return sg;
  }
}

/**
 * Lets each state machine call the HTTPS endpoints of its HTTP tasks ({@link httpEndpointStatement}),
 * on its own ARN: a separate policy that depends on the machines (their default policy cannot name
 * them), and the `live` alias waits for it, so no execution it starts runs without the grant.
 */
export function grantHttpEndpoints(scope: Construct, model: WorkflowModel, machines: readonly sfn.StateMachine[], live: Construct): iam.Policy | undefined {
  const calls = model.tasks.filter((t) => t.http);
  if (calls.length === 0) return undefined;
  const arns = machines.map((m) => m.stateMachineArn);
  const policy = new iam.Policy(scope, 'HttpEndpointsPolicy', {
    statements: calls.map((t) => httpEndpointStatement(arns, t.http!.url, t.http!.method)),
  });
  for (const m of machines) policy.attachToRole(m.role);
  live.node.addDependency(policy);
  acknowledge(policy, machines.map((m) => ({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(m).resolve((m.node.defaultChild as sfn.CfnStateMachine).logicalId)}>:*]`,
    reason: 'The workflow\'s own state machine and its versions and aliases (executions run on the live alias\'s version), only for the exact URL and method of each HTTP task (condition).',
  })));
  return policy;
}
