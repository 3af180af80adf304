import { Aws, Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CONCURRENCY } from '../model/contract';
import type { ConcurrencyModel } from '../model/types';

/** State names of the gate; each has a `.`, so none collides with a task id. */
export const acquireStateName = (slot: number): string => `dagstep.concurrency.acquire.${slot}`;
export const QUEUE_STATE = 'dagstep.concurrency.queue';
export const QUEUED_STATE = 'dagstep.concurrency.queued';
export const SKIP_STATE = 'dagstep.concurrency.skip';
export const SKIPPED_STATE = 'dagstep.concurrency.skipped';

/** What the gate needs from the construct. */
export interface ConcurrencyGateProps {
  readonly workflowName: string;
  readonly concurrency: ConcurrencyModel;
  /** Name of the table holding the slot items. */
  readonly tableName: string;
  /** whenBusy `queue`: where a run that cannot start waits. */
  readonly waitQueue?: sqs.IQueue;
  /** whenBusy `skip`: where the skipped run's record goes (the workflow's dead-letter queue). */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * A concurrency limit in front of a definition: at most `maxExecutions` executions hold a slot.
 *
 * The protocol (a DynamoDB semaphore of `maxExecutions` slot items, `slot#0` ..):
 * - **acquire**, first thing in the definition: try slot 0, 1, ... with a conditional update
 *   `SET owner = <execution ARN>` if `attribute_not_exists(owner)`. DynamoDB serialises writes to one
 *   item, so of two runs racing for a slot exactly one wins; the loser gets
 *   `ConditionalCheckFailedException` and tries the next slot. A run stops at its first win, so it
 *   holds at most one slot and at most `maxExecutions` runs hold one.
 * - **busy** (every slot taken): `queue` sends `{workflow, executionId, name, input}` to the wait
 *   queue and ends SUCCEEDED without running a task; the dispatcher starts it later as a new
 *   execution named from the SQS message id, so a message delivered twice starts it once
 *   (`ExecutionAlreadyExists`) and a message is deleted only after the start was accepted (never
 *   lost). `skip` sends a dead letter (`kind: execution`, error `Dagstep.RunSkipped`, the input) and
 *   ends SUCCEEDED: the run is recorded (state log line, RunsSkipped metric, letter) and can be
 *   redriven from the dead-letter queue.
 * - **release**, outside the definition: an EventBridge rule on every terminal status (SUCCEEDED,
 *   FAILED, TIMED_OUT, ABORTED) invokes the release function, which clears the slot whose owner is
 *   that execution (`REMOVE owner` if `owner = :execution`). Timeouts and aborts stop the
 *   definition where it is, so release cannot live in it; the conditional makes a repeated event a
 *   no-op, and a queued or skipped run owns no slot, so its event releases nothing.
 * - **ambiguous acquire**: a throttled/5xx update is retried; if the first try had in fact written,
 *   the retry fails its condition and the run moves on (it may end queued while owning a slot). Its
 *   own terminal event frees that slot, and the queued copy starts later: still run once.
 * - **lost wakeup**: the dispatcher does not wait to be told a slot freed; it re-reads the slots
 *   for every waiting message (SQS visibility timeout), so a run queued just after a release still
 *   starts once a slot is free. The started run acquires like any other; if it loses the race it is
 *   queued again.
 */
export class ConcurrencyGate {
  constructor(private readonly scope: Construct, private readonly props: ConcurrencyGateProps) {}

  /** `definition` behind the gate: acquire a slot, then run it; otherwise queue or skip. */
  wrap(definition: sfn.IChainable): sfn.IChainable {
    const max = this.props.concurrency.maxExecutions;
    const acquires = Array.from({ length: max }, (_, i) => this.acquire(i));
    const busy = this.busyPath();
    acquires.forEach((a, i) => {
      a.addCatch(i + 1 < max ? acquires[i + 1] : busy, { errors: ['DynamoDb.ConditionalCheckFailedException'], resultPath: sfn.JsonPath.DISCARD });
      a.next(definition);
    });
    return sfn.Chain.custom(acquires[0], definition.endStates, definition.startState);
  }

  private acquire(slot: number): sfn.CustomState {
    const state = new sfn.CustomState(this.scope, acquireStateName(slot), {
      stateJson: {
        Type: 'Task',
        Comment: `dagstep: take concurrency slot ${slot} of ${this.props.concurrency.maxExecutions} if it is free`,
        Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:dynamodb:updateItem`,
        Parameters: {
          TableName: this.props.tableName,
          Key: { pk: { S: `${CONCURRENCY.slotPrefix}${slot}` } },
          UpdateExpression: 'SET #owner = :owner, #since = :since',
          ConditionExpression: 'attribute_not_exists(#owner)',
          ExpressionAttributeNames: { '#owner': CONCURRENCY.ownerAttribute, '#since': CONCURRENCY.sinceAttribute },
          ExpressionAttributeValues: { ':owner': { 'S.$': '$$.Execution.Id' }, ':since': { 'S.$': '$$.Execution.StartTime' } },
        },
        ResultPath: null,
      },
    });
    state.addRetry(DYNAMODB_RETRY);
    return state;
  }

  private busyPath(): sfn.IChainable {
    const p = this.props;
    if ((p.concurrency.whenBusy ?? 'queue') === 'queue') {
      if (!p.waitQueue) throw new Error('internal: whenBusy "queue" needs a wait queue');
      const send = new tasks.SqsSendMessage(this.scope, QUEUE_STATE, {
        comment: `dagstep: all ${p.concurrency.maxExecutions} slot(s) taken; wait in the queue for a free one`,
        queue: p.waitQueue,
        messageBody: sfn.TaskInput.fromObject({
          workflow: p.workflowName,
          executionId: sfn.JsonPath.executionId,
          name: sfn.JsonPath.executionName,
          input: sfn.JsonPath.objectAt('$'),
          queuedAt: sfn.JsonPath.stateEnteredTime,
        }),
        resultPath: sfn.JsonPath.DISCARD,
      });
      send.addRetry(SQS_RETRY);
      return send.next(new sfn.Succeed(this.scope, QUEUED_STATE, { comment: 'dagstep: queued; a new execution runs it when a slot frees' }));
    }
    // A CustomState, because the dead-letter contract has explicit nulls (taskId, stateName,
    // results) that TaskInput.fromObject would drop.
    const send = new sfn.CustomState(this.scope, SKIP_STATE, {
      stateJson: {
        Type: 'Task',
        Comment: `dagstep: all ${p.concurrency.maxExecutions} slot(s) taken and whenBusy is skip: record the run as a dead letter`,
        Resource: `arn:${Aws.PARTITION}:states:::sqs:sendMessage`,
        Parameters: {
          QueueUrl: p.deadLetterQueue.queueUrl,
          MessageBody: {
            workflow: p.workflowName,
            'executionId.$': '$$.Execution.Id',
            'rootExecutionId.$': '$$.Execution.Id',
            kind: 'execution',
            taskId: null,
            stateName: null,
            error: CONCURRENCY.skippedError,
            cause: `${p.concurrency.maxExecutions} execution(s) were already running (concurrency.maxExecutions, whenBusy: skip)`,
            optional: false,
            input: { 'input.$': '$', results: null },
            truncated: false,
            'timestamp.$': '$$.State.EnteredTime',
          },
        },
        ResultPath: null,
      },
    });
    send.addRetry(SQS_RETRY);
    return send.next(new sfn.Succeed(this.scope, SKIPPED_STATE, { comment: 'dagstep: skipped; recorded in the dead-letter queue' }));
  }
}

/** Throttling and server errors of the slot table are retried; a failed condition is not. */
const DYNAMODB_RETRY: sfn.RetryProps = {
  errors: ['DynamoDb.ProvisionedThroughputExceededException', 'DynamoDb.RequestLimitExceeded',
    'DynamoDb.ThrottlingException', 'DynamoDb.InternalServerErrorException'],
  interval: Duration.seconds(1), maxAttempts: 6, backoffRate: 2, maxDelay: Duration.seconds(20),
  jitterStrategy: sfn.JitterType.FULL,
};

/** Queueing or recording a run must survive SQS blips: the run would be lost otherwise. */
const SQS_RETRY: sfn.RetryProps = {
  errors: ['States.ALL'], interval: Duration.seconds(1), maxAttempts: 8, backoffRate: 2,
  maxDelay: Duration.seconds(30), jitterStrategy: sfn.JitterType.FULL,
};
