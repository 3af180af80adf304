import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Scope } from '../data-flow';
import { applyRetryPolicy } from '../retry';
import { IntegrationCall } from './private/integration-call';
import { renderInputs } from './private/inputs';
import { TaskKind } from './task-kind';

/**
 * `batch: {jobQueue, jobDefinition, parameters}`: an AWS Batch job run to completion
 * (`batch:submitJob.sync`) named after the task; the task's result is the finished job
 * (DescribeJobs). SubmitJob is allowed on that queue and job definition only; DescribeJobs has no
 * resource-level permission and TerminateJob (used to stop the job when the task times out) is
 * scoped to jobs of the account; the managed EventBridge rule that reports job state is named.
 */
export class BatchTask extends TaskKind {
  protected renderCall(scope: Scope): IntegrationCall {
    const batch = this.task.batch!;
    const stack = Stack.of(this.ctx.construct);
    const arn = (resource: string, name: string) => name.startsWith('arn:') ? name
      : stack.formatArn({ service: 'batch', resource, resourceName: name });
    const queueArn = arn('job-queue', batch.jobQueue);
    // A job definition without a revision means its latest one: allow every revision of it.
    const definitionArn = arn('job-definition', batch.jobDefinition);
    const definitionResource = /:\d+$/.test(batch.jobDefinition) ? definitionArn : `${definitionArn}:*`;
    const call = new IntegrationCall(this.ctx.construct, this.task.id, {
      integration: 'batch:submitJob.sync',
      parameters: {
        JobName: this.task.id,
        JobQueue: queueArn,
        JobDefinition: batch.jobDefinition,
        ...(batch.parameters ? { Parameters: renderInputs(batch.parameters, scope, this.task, this.ctx.model, 'batch.parameters') } : {}),
      },
      policies: [
        new iam.PolicyStatement({ actions: ['batch:SubmitJob'], resources: [queueArn, definitionResource] }),
        new iam.PolicyStatement({ actions: ['batch:DescribeJobs'], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['batch:TerminateJob'], resources: [stack.formatArn({ service: 'batch', resource: 'job', resourceName: '*' })] }),
        new iam.PolicyStatement({
          actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
          resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForBatchJobsRule', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
        }),
      ],
      ...this.callProps(),
      resultPath: `$.results.${this.task.id}`,
    });
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}
