import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { CompileError } from '../../model/errors';
import { Scope } from '../data-flow';
import { applyRetryPolicy } from '../retry';
import { taskTimeoutSeconds } from '../timeouts';
import { inputPath } from './private/inputs';
import { TaskKind } from './task-kind';

/**
 * `waitFor: {event, correlation, timeoutSeconds, heartbeatSeconds?}`: the task waits, without
 * polling, for an EventBridge event. It is a `lambda:invoke.waitForTaskToken` Task: the await
 * function stores `$$.Task.Token` (the context object's task token) under the correlation value
 * read from the task's inputs, and the state stays open until SendTaskSuccess or its
 * TimeoutSeconds / HeartbeatSeconds (then States.Timeout / States.HeartbeatTimeout, which the
 * task's retry policy, fallback and dead letter handle like any error). The workflow's rule on the
 * event pattern invokes the resume function, which finds the token by the event's correlation
 * value and calls SendTaskSuccess with the event: the event is the task's result.
 * See https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 * ("Wait for a Callback with Task Token") and the context object's `Task.Token`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html).
 */
export class WaitForTask extends TaskKind {
  protected renderCall(scope: Scope): tasks.LambdaInvoke {
    const w = this.task.waitFor!;
    const fn = this.ctx.kindResources?.waitForFunction(this.task);
    if (!fn) throw new Error('internal: a waitFor task needs the Workflow construct\'s kind resources');
    const correlation = inputPath(w.correlation, scope, this.task, this.ctx.model, 'waitFor.correlation');
    if (correlation === undefined) {
      throw new CompileError({
        file: this.ctx.model.source, taskId: this.task.id, field: 'waitFor.correlation',
        message: `expected a path into the task's inputs ($.input.<field> or $.results.<dependency>.<field>), received "${w.correlation}"`,
      });
    }
    const base = this.callProps();
    const call = new tasks.LambdaInvoke(this.ctx.construct, this.task.id, {
      lambdaFunction: fn,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: sfn.JsonPath.taskToken,
        workflow: this.ctx.model.name,
        taskId: this.task.id,
        executionId: sfn.JsonPath.stringAt('$$.Execution.Id'),
        timeoutSeconds: taskTimeoutSeconds(this.task),
        correlation: sfn.JsonPath.stringAt(correlation),
      }),
      retryOnServiceExceptions: false,
      ...base,
      heartbeatTimeout: w.heartbeatSeconds !== undefined ? sfn.Timeout.duration(Duration.seconds(w.heartbeatSeconds)) : base.heartbeatTimeout,
      resultPath: `$.results.${this.task.id}`,
    });
    applyRetryPolicy(call, this.task.retry);
    return call;
  }
}
