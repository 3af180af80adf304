import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Scope } from '../data-flow';
import { TaskKind } from './task-kind';

/** A plain task: one Lambda invocation named the task id. */
export class LambdaTask extends TaskKind {
  protected renderCall(scope: Scope): sfn.TaskStateBase {
    return this.invoke(this.task.id, this.task, this.payload(scope), `$.results.${this.task.id}`);
  }
}
