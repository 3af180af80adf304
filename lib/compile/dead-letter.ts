import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { TaskModel } from '../model/types';
import { resultsParameters, Scope } from './data-flow';
import {
  deadLetterStateName, failStateName, taskDeadLetterStateName, taskFailedStateName, taskRecordedStateName,
} from './names';

/** Where a Catch puts the error (`{ Error, Cause }`) in the state. */
export const FAILURE_PATH = '$.failure';
/** Where the `<task>.failed` state puts the dead letter it prepares. */
export const DEAD_LETTER_PATH = '$.deadLetter';

/**
 * Routes unrecoverable task errors to the workflow's dead-letter queue.
 *
 * Every task catches `States.ALL` into `<task>.failed`, a Pass state that records which task failed,
 * its error and cause, and its input. Then:
 * - a required task goes to its scope's one shared `dagstep.deadLetter.<n>` (SQS sendMessage) and
 *   `dagstep.fail.<n>` (Fail with the task's error and cause), so the execution ends FAILED with the
 *   task's own error;
 * - an optional task sends its own dead letter, records `{ failed: true, error, cause }` as its
 *   result, and the workflow goes on.
 * A scope is one Parallel branch (states cannot jump out of a branch); each gets its own shared
 * dead-letter path, created on first use.
 */
export class DeadLetterRouter {
  private counter = 0;

  constructor(
    private readonly scope: Construct,
    private readonly workflowName: string,
    private readonly queue: sqs.IQueue,
  ) {}

  /** Opens the dead-letter path of a new branch scope (created lazily). */
  newBranch(): BranchDeadLetter {
    return new BranchDeadLetter(() => this.buildSharedPath());
  }

  /**
   * Catches every error of `state` (after its retries) into the dead-letter routing, or into
   * `onFailure` (a fallback) when given. Returns the extra states the workflow continues from
   * when the task failed but the workflow goes on (optional task, fallback).
   */
  attach(state: sfn.TaskStateBase | sfn.Map | sfn.DistributedMap, task: TaskModel, scope: Scope,
    branch: BranchDeadLetter, onFailure?: (failed: sfn.Pass) => sfn.INextable[]): sfn.INextable[] {
    const failed = new sfn.Pass(this.scope, taskFailedStateName(task.id), {
      parameters: {
        taskId: task.id,
        'error.$': `${FAILURE_PATH}.Error`,
        'cause.$': `${FAILURE_PATH}.Cause`,
        input: { 'input.$': '$.input', results: resultsParameters(scope, task.dependsOn) },
      },
      resultPath: DEAD_LETTER_PATH,
    });
    state.addCatch(failed, { errors: ['States.ALL'], resultPath: FAILURE_PATH });
    if (onFailure) return onFailure(failed);
    if (!task.optional) {
      failed.next(branch.entry());
      return [];
    }
    const send = this.sendMessage(taskDeadLetterStateName(task.id));
    const recorded = new sfn.Pass(this.scope, taskRecordedStateName(task.id), {
      parameters: { failed: true, 'error.$': `${DEAD_LETTER_PATH}.error`, 'cause.$': `${DEAD_LETTER_PATH}.cause` },
      resultPath: `$.results.${task.id}`,
    });
    failed.next(send).next(recorded);
    return [recorded];
  }

  private buildSharedPath(): sfn.State {
    const n = ++this.counter;
    const send = this.sendMessage(deadLetterStateName(n));
    const fail = new sfn.Fail(this.scope, failStateName(n), {
      errorPath: `${DEAD_LETTER_PATH}.error`,
      causePath: `${DEAD_LETTER_PATH}.cause`,
    });
    send.next(fail);
    return send;
  }

  /** The SQS message `{workflow, executionId, taskId, error, cause, input, timestamp}`. */
  private sendMessage(name: string): tasks.SqsSendMessage {
    const send = new tasks.SqsSendMessage(this.scope, name, {
      queue: this.queue,
      messageBody: sfn.TaskInput.fromObject({
        workflow: this.workflowName,
        executionId: sfn.JsonPath.executionId,
        taskId: sfn.JsonPath.stringAt(`${DEAD_LETTER_PATH}.taskId`),
        error: sfn.JsonPath.stringAt(`${DEAD_LETTER_PATH}.error`),
        cause: sfn.JsonPath.stringAt(`${DEAD_LETTER_PATH}.cause`),
        input: sfn.JsonPath.objectAt(`${DEAD_LETTER_PATH}.input`),
        timestamp: sfn.JsonPath.stateEnteredTime,
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    // Sending the dead letter must survive SQS throttling and blips: nothing may be lost here.
    send.addRetry({
      errors: ['States.ALL'], interval: Duration.seconds(1), maxAttempts: 8, backoffRate: 2,
      maxDelay: Duration.seconds(30), jitterStrategy: sfn.JitterType.FULL,
    });
    return send;
  }
}

/** The shared dead-letter path of one branch scope, built on first use. */
export class BranchDeadLetter {
  private state?: sfn.State;
  constructor(private readonly build: () => sfn.State) {}
  entry(): sfn.State {
    this.state ??= this.build();
    return this.state;
  }
}
