import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { callbackKeys } from '../../lib/model/contract';
import { CallbackClients, claimItem, correlationKey, putItem, sendSuccess, TOKEN_TTL_MARGIN_SECONDS } from './tokens';

/** The payload a waitFor Task state invokes this function with (`lambda:invoke.waitForTaskToken`). */
export interface AwaitRequest {
  /** `$$.Task.Token` of the waiting state. */
  readonly taskToken: string;
  readonly workflow: string;
  readonly taskId: string;
  readonly executionId: string;
  readonly timeoutSeconds: number;
  /** The correlation value read from the task's inputs. */
  readonly correlation: unknown;
}

/** What the function did. */
export type AwaitOutcome = 'waiting' | 'resumed-early';

let clients: CallbackClients | undefined;

/**
 * Stores the waiting task's token by its correlation value (the state stays open until
 * SendTaskSuccess/Failure or its TimeoutSeconds), then resumes it at once with an event that
 * arrived before the task was waiting (the resume function stored it). A missing correlation value
 * fails the invocation, so the task fails (and letters) with the reason.
 */
export async function handler(req: AwaitRequest): Promise<AwaitOutcome> {
  clients ??= { ddb: new DynamoDBClient({}), sfn: new SFNClient({}) };
  return awaitCallback(req, clients, Date.now());
}

/** The function's work, with its clients and clock given. */
export async function awaitCallback(req: AwaitRequest, c: CallbackClients, now: number): Promise<AwaitOutcome> {
  const ttl = req.timeoutSeconds + TOKEN_TTL_MARGIN_SECONDS;
  const value = correlationKey(req.correlation);
  if (value === undefined) {
    throw Object.assign(new Error(`task "${req.taskId}": the correlation value is missing from the task's inputs (received ${JSON.stringify(req.correlation)})`), { name: 'dagstep.CorrelationMissing' });
  }
  // Store first, then look for an early event: the resume function stores the event first, then
  // looks for the token, so on a strongly consistent store one of the two always sees the other.
  await putItem(c, callbackKeys.waiting(req.taskId, value), { token: req.taskToken, executionArn: req.executionId }, ttl, now);
  const early = await claimItem(c, callbackKeys.earlyEvent(req.taskId, value), now);
  if (!early) return 'waiting';
  await sendSuccess(c, req.taskToken, JSON.parse(early.event));
  await claimItem(c, callbackKeys.waiting(req.taskId, value), now);
  return 'resumed-early';
}
