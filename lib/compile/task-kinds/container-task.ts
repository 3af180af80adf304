import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ENV, RESULT_REF_KEY } from '../../model/contract';
import { Scope } from '../data-flow';
import { applyRetryPolicy } from '../retry';
import { inputPath } from './private/inputs';
import { TaskKind } from './task-kind';

/**
 * `container: {image, cpu, memory, command, environment, secrets, network}`: an ECS Fargate task
 * run to completion (`ecs:runTask.sync`) in private subnets without a public IP.
 *
 * How its output is handed on (claim check, like large Lambda results): the container gets
 * `DAGSTEP_RESULT_BUCKET` and `DAGSTEP_RESULT_KEY` (`results/<execution name>/<task id>.json`) and
 * writes its result there as JSON; the task's result is the reference
 * `{"$dagstep.ref": "s3://<bucket>/<key>"}`, which the next Lambda task's helpers resolve
 * transparently. Environment values `$.input...` / `$.results.<dep>...` are read from the task's
 * inputs at run time (container overrides); other values are fixed in the task definition.
 */
export class ContainerTask extends TaskKind {
  protected renderCall(scope: Scope): tasks.EcsRunTask {
    const resources = this.ctx.kindResources;
    if (!resources) throw new Error('internal: a container task needs the Workflow construct\'s kind resources');
    const run = resources.container(this.task);
    const store = resources.resultStore();
    const keyFormat = `${store.prefix}{}/${this.task.id}.json`;
    const dynamic = Object.entries(this.task.container!.environment ?? {}).flatMap(([name, v]) => {
      const path = inputPath(v, scope, this.task, this.ctx.model, `container.environment.${name}`);
      return path === undefined ? [] : [{ name, value: sfn.JsonPath.stringAt(path) }];
    });
    const call = new tasks.EcsRunTask(this.ctx.construct, this.task.id, {
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      cluster: run.cluster,
      taskDefinition: run.taskDefinition,
      launchTarget: new tasks.EcsFargateLaunchTarget({ platformVersion: ecs.FargatePlatformVersion.LATEST }),
      assignPublicIp: false,
      subnets: run.subnets,
      securityGroups: run.securityGroups,
      containerOverrides: [{
        containerDefinition: run.container,
        environment: [
          { name: ENV.resultBucket, value: store.bucketName },
          { name: ENV.resultKey, value: sfn.JsonPath.format(keyFormat, sfn.JsonPath.executionName) },
          ...dynamic,
        ],
      }],
      // The bucket is an argument, not part of the template: its name is a token (braces) until deployed.
      resultSelector: { [RESULT_REF_KEY]: sfn.JsonPath.format(`s3://{}/${keyFormat}`, store.bucketName, sfn.JsonPath.executionName) },
      ...this.callProps(),
      resultPath: `$.results.${this.task.id}`,
    });
    scopeTaskControl(call, run.cluster);
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}

/**
 * CDK grants `ecs:StopTask` and `ecs:DescribeTasks` on `*` for `runTask.sync`; both take the task
 * resource (`arn:<partition>:ecs:<region>:<account>:task/<cluster name>/<task id>`) and the
 * `ecs:cluster` condition key ("Actions, resources, and condition keys for Amazon Elastic Container
 * Service", https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html),
 * so the state machine may stop and describe only tasks of its own cluster.
 */
function scopeTaskControl(call: tasks.EcsRunTask, cluster: ecs.ICluster): void {
  const policies = (call as unknown as { taskPolicies?: iam.PolicyStatement[] }).taskPolicies ?? [];
  const i = policies.findIndex((p) => p.actions.includes('ecs:StopTask'));
  if (i < 0) return;
  policies[i] = new iam.PolicyStatement({
    actions: ['ecs:StopTask', 'ecs:DescribeTasks'],
    resources: [Stack.of(call).formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` })],
    conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
  });
}
