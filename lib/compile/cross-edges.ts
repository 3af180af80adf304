import { Aws, Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Scope } from './data-flow';
import { COORDINATION_TTL_ATTRIBUTE } from '../model/contract';

/** TimeoutSeconds of one coordination call (a DynamoDB / Step Functions request, retried). */
export const COORDINATION_CALL_TIMEOUT_SECONDS = 60;

/**
 * Cross-branch edges of exact layouts, compiled to the callback pattern with one DynamoDB item per
 * edge and execution, through direct AWS SDK integrations (no extra Lambda):
 *
 * - the waiter (before the task that waits, in its branch) stores its task token with a conditional
 *   update `attribute_not_exists(done)` and blocks (`.waitForTaskToken`);
 * - the finisher (after the awaited task, in the other branch) sets `done` and the task's result
 *   and reads the old item (`ReturnValues: ALL_OLD`); if a token was stored it resumes the waiter
 *   with `sfn:sendTaskSuccess`, passing the result.
 * DynamoDB serialises the two updates on the item, so whichever comes second sees the first: if the
 * finisher was first, the waiter's condition fails (`DynamoDb.ConditionalCheckFailedException`),
 * it reads the stored result and goes on. Race-free, and nothing waits longer than the true
 * dependency. Each waiter state carries `Comment: "dagstep:after=<taskId>"`.
 *
 * Every coordination state is closed: the waiter's TimeoutSeconds is the worst case of the
 * workflow (the awaited task cannot finish later), each call state's is
 * COORDINATION_CALL_TIMEOUT_SECONDS, and any other error (after the retries) fails the
 * execution at that state: the guard letters it naming the waiting task (taskOfState), and a
 * redrive re-runs it.
 *
 * Every item carries the table's TTL attribute (epoch seconds): the execution's start plus its
 * worst case plus the redrive window and a day (COORDINATION_TTL_MARGIN_SECONDS: AWS lets an
 * execution be redriven for 14 days after it ended, API reference RedriveExecution, and a redriven
 * waiter must still find the edge), computed once per waiting or finishing task by a JSONata Pass into
 * `$.crossTtl` (JSONPath has no date arithmetic), so DynamoDB removes the items of every execution,
 * however it ended.
 */
/** Seconds coordination items outlive the execution's worst case: the 14-day redrive window plus a day. */
export const COORDINATION_TTL_MARGIN_SECONDS = 15 * 86_400;

export class CrossEdgeRenderer {
  constructor(
    private readonly scope: Construct,
    private readonly tableName: string,
    /** TimeoutSeconds of a cross-branch wait: the workflow's worst case. */
    private readonly waitTimeoutSeconds: number,
  ) {}

  /** Where the TTL of this execution's coordination items is kept in a branch. */
  static readonly TTL_PATH = '$.crossTtl';

  /** The Pass that computes `$.crossTtl` before a task's first coordination write. */
  private ttl(id: string): sfn.Pass {
    const seconds = this.waitTimeoutSeconds + COORDINATION_TTL_MARGIN_SECONDS;
    return sfn.Pass.jsonata(this.scope, id, {
      comment: 'dagstep: when the coordination items of this execution expire (DynamoDB TTL, epoch seconds)',
      outputs: `{% $merge([$states.input, {"crossTtl": $string($floor($toMillis($states.context.Execution.StartTime) / 1000) + ${seconds})}]) %}`,
    });
  }

  /** Where the result of a cross-branch dependency is kept in the waiter's branch. */
  static resultPath(from: string): string {
    return `$.crossResults.${from}`;
  }

  /** The states a waiting task runs first, one per awaited task; each awaited result becomes visible in `scope`. */
  waiters(to: string, froms: readonly string[], scope: Scope): { start: sfn.State; end: sfn.INextable[] } {
    const ttl = this.ttl(`${to}.ttl.await`);
    const start: sfn.State = ttl;
    let ends: sfn.INextable[] = [ttl];
    for (const from of froms) {
      const wait = new sfn.CustomState(this.scope, `${to}.await.${from}`, {
        stateJson: {
          Type: 'Task',
          Comment: `dagstep:after=${from}`,
          Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:dynamodb:updateItem.waitForTaskToken`,
          TimeoutSeconds: this.waitTimeoutSeconds,
          Parameters: {
            TableName: this.tableName,
            Key: this.key(from, to),
            UpdateExpression: 'SET #token = :token, #ttl = :ttl',
            ConditionExpression: 'attribute_not_exists(#done)',
            ExpressionAttributeNames: { '#token': 'token', '#done': 'done', '#ttl': COORDINATION_TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':token': { 'S.$': '$$.Task.Token' }, ':ttl': { 'N.$': CrossEdgeRenderer.TTL_PATH } },
          },
          ResultPath: CrossEdgeRenderer.resultPath(from),
        },
      });
      const fetch = new sfn.CustomState(this.scope, `${to}.fetch.${from}`, {
        stateJson: {
          Type: 'Task',
          Comment: `dagstep: "${from}" finished before "${to}" waited; read its result`,
          Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:dynamodb:getItem`,
          TimeoutSeconds: COORDINATION_CALL_TIMEOUT_SECONDS,
          Parameters: { TableName: this.tableName, Key: this.key(from, to), ConsistentRead: true },
          ResultSelector: { 'value.$': 'States.StringToJson($.Item.result.S)' },
          ResultPath: CrossEdgeRenderer.resultPath(from),
        },
      });
      wait.addRetry(DYNAMODB_RETRY);
      fetch.addRetry(DYNAMODB_RETRY);
      wait.addCatch(fetch, { errors: ['DynamoDb.ConditionalCheckFailedException'], resultPath: sfn.JsonPath.DISCARD });
      for (const e of ends) e.next(wait);
      ends = [wait, fetch];
      scope.set(from, `${CrossEdgeRenderer.resultPath(from)}.value`);
    }
    return { start, end: ends };
  }

  /** The states that run after `from` finished, to release every task waiting for it. */
  notifiers(from: string, tos: readonly string[], fromResultPath: string): { start: sfn.State; end: sfn.INextable[] } {
    const ttl = this.ttl(`${from}.ttl.notify`);
    const start: sfn.State = ttl;
    let ends: sfn.INextable[] = [ttl];
    for (const to of tos) {
      const notify = new sfn.CustomState(this.scope, `${from}.notify.${to}`, {
        stateJson: {
          Type: 'Task',
          Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:dynamodb:updateItem`,
          TimeoutSeconds: COORDINATION_CALL_TIMEOUT_SECONDS,
          Parameters: {
            TableName: this.tableName,
            Key: this.key(from, to),
            UpdateExpression: 'SET #done = :done, #result = :result, #ttl = :ttl',
            ExpressionAttributeNames: { '#done': 'done', '#result': 'result', '#ttl': COORDINATION_TTL_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':done': { BOOL: true },
              ':result': { 'S.$': `States.JsonToString(${fromResultPath})` },
              ':ttl': { 'N.$': CrossEdgeRenderer.TTL_PATH },
            },
            ReturnValues: 'ALL_OLD',
          },
          ResultSelector: { 'old.$': '$' },
          ResultPath: '$.crossNotify',
        },
      });
      const resume = new sfn.CustomState(this.scope, `${from}.resume.${to}`, {
        stateJson: {
          Type: 'Task',
          Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:sfn:sendTaskSuccess`,
          TimeoutSeconds: COORDINATION_CALL_TIMEOUT_SECONDS,
          Parameters: {
            'TaskToken.$': '$.crossNotify.old.Attributes.token.S',
            'Output.$': `States.Format('\\{"value":{}\\}', States.JsonToString(${fromResultPath}))`,
          },
          ResultPath: sfn.JsonPath.DISCARD,
        },
      });
      notify.addRetry(DYNAMODB_RETRY);
      resume.addRetry({ ...DYNAMODB_RETRY, errors: ['Sfn.SfnException', 'Sfn.ThrottlingException'] });
      // When nobody waits yet, go on through a no-op Pass: a branch may end right here, and a
      // Choice needs a Default to end on.
      const notWaiting = new sfn.Pass(this.scope, `${from}.notified.${to}`, { comment: `dagstep: "${to}" was not waiting yet; it will read the result` });
      const waiting = new sfn.Choice(this.scope, `${from}.waiting.${to}`)
        .when(sfn.Condition.isPresent('$.crossNotify.old.Attributes.token.S'), resume)
        .otherwise(notWaiting);
      notify.next(waiting);
      for (const e of ends) e.next(notify);
      ends = [resume, notWaiting];
    }
    return { start, end: ends };
  }

  private key(from: string, to: string): Record<string, unknown> {
    return { pk: { 'S.$': `States.Format('{}#${from}#${to}', $$.Execution.Id)` } };
  }
}

/** Throttling and server errors of the coordination table are retried; nothing else is. */
const DYNAMODB_RETRY: sfn.RetryProps = {
  errors: ['DynamoDb.ProvisionedThroughputExceededException', 'DynamoDb.RequestLimitExceeded',
    'DynamoDb.ThrottlingException', 'DynamoDb.InternalServerErrorException'],
  interval: Duration.seconds(1), maxAttempts: 6, backoffRate: 2, maxDelay: Duration.seconds(20),
  jitterStrategy: sfn.JitterType.FULL,
};
