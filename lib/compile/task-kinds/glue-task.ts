import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Scope } from '../data-flow';
import { applyRetryPolicy } from '../retry';
import { IntegrationCall } from './private/integration-call';
import { renderInputs } from './private/inputs';
import { TaskKind } from './task-kind';

/**
 * `glue: {jobName, arguments}`: a Glue job run to completion (`glue:startJobRun.sync`); the task's
 * result is the finished JobRun. The role may start, watch and stop runs of that one job only.
 */
export class GlueTask extends TaskKind {
  protected renderCall(scope: Scope): IntegrationCall {
    const glue = this.task.glue!;
    const jobArn = Stack.of(this.ctx.construct).formatArn({ service: 'glue', resource: 'job', resourceName: glue.jobName });
    const call = new IntegrationCall(this.ctx.construct, this.task.id, {
      integration: 'glue:startJobRun.sync',
      parameters: {
        JobName: glue.jobName,
        ...(glue.arguments ? { Arguments: renderInputs(glue.arguments, scope, this.task, this.ctx.model, 'glue.arguments') } : {}),
      },
      policies: [new iam.PolicyStatement({
        actions: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
        resources: [jobArn],
      })],
      ...this.callProps(),
      resultPath: `$.results.${this.task.id}`,
    });
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}
