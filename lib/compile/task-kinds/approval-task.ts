import * as iam from 'aws-cdk-lib/aws-iam';
import { APPROVAL_ATTRIBUTES } from '../../model/contract';
import { Scope } from '../data-flow';
import { applyRetryPolicy } from '../retry';
import { IntegrationCall } from './private/integration-call';
import { TaskKind } from './task-kind';

/**
 * `approval: {notify, timeoutSeconds, approvers?}`: the task publishes a message to the approval
 * topic and waits for a person (`sns:publish.waitForTaskToken`, an optimized integration that
 * supports the callback pattern: https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html).
 * The message names the execution and the two commands, `dagstep approve|reject <execution> <task>`;
 * the task token travels as a message attribute (e-mail subscribers see only the message), and the
 * CLI reads it back from the execution's TaskScheduled event, so no table is needed. A token alone
 * decides nothing: SendTaskSuccess/Failure needs IAM permission on the state machine (the stack's
 * approver policy). Approve: the result is `{decision, by, at, comment?}`; reject: the task fails
 * with `dagstep.Rejected` (Cause: the same JSON), routed by the task's retry, fallback or dead
 * letter like any error; nobody within timeoutSeconds: States.Timeout.
 */
export class ApprovalTask extends TaskKind {
  protected renderCall(_scope: Scope): IntegrationCall {
    const a = this.task.approval!;
    const topic = this.ctx.kindResources?.approvalTopic(this.task);
    if (!topic) throw new Error('internal: an approval task needs the Workflow construct\'s kind resources');
    const id = this.task.id;
    const call = new IntegrationCall(this.ctx.construct, id, {
      integration: 'sns:publish.waitForTaskToken',
      parameters: {
        TopicArn: topic.topicArn,
        Subject: `dagstep ${this.ctx.model.name}: approve ${id}?`.slice(0, 100),
        'Message.$': `States.Format('${approvalMessageFormat(this.ctx.model.name, id, a.timeoutSeconds)}', $$.Execution.Id, $$.Execution.Id, $$.Execution.Id)`,
        MessageAttributes: {
          [APPROVAL_ATTRIBUTES.taskToken]: { DataType: 'String', 'StringValue.$': '$$.Task.Token' },
          ...(a.approvers?.length ? { [APPROVAL_ATTRIBUTES.approvers]: { DataType: 'String', StringValue: a.approvers.join(',') } } : {}),
        },
      },
      policies: [
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
        ...(topic.keyArn ? [new iam.PolicyStatement({ actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: [topic.keyArn] })] : []),
      ],
      ...this.callProps(),
      resultPath: `$.results.${id}`,
    });
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}

/**
 * The notification's text as a States.Format template (three `{}`: the execution ARN). Plain
 * words only: the template may not hold `'`, `{`, `}` or `\` unescaped.
 */
export function approvalMessageFormat(workflow: string, taskId: string, timeoutSeconds: number): string {
  return [
    `Workflow ${workflow} is waiting for an approval of task ${taskId} (execution {}).`,
    `It fails with States.Timeout if nobody decides within ${timeoutSeconds} seconds.`,
    `To approve: dagstep approve {} ${taskId} --comment "..."`,
    `To reject: dagstep reject {} ${taskId} --comment "..."`,
  ].join(' | ');
}
