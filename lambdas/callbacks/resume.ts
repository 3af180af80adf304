import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { callbackKeys } from '../../lib/model/contract';
import { CallbackClients, claimItem, correlationKey, putItem, readPath, sendSuccess, TOKEN_TTL_MARGIN_SECONDS } from './tokens';

/** What the EventBridge rule of one waitFor task sends (its input template wraps the whole event). */
export interface ResumeRequest {
  readonly taskId: string;
  /** JSONPath into the event of the correlation value. */
  readonly eventCorrelation: string;
  readonly event: unknown;
}

/** What the function did with one event. */
export type ResumeOutcome = 'resumed' | 'stored' | 'closed' | 'no-correlation';

let clients: CallbackClients | undefined;

/**
 * Resumes the task waiting for this event (SendTaskSuccess with the event as the task's result).
 * No task waiting yet: the event is stored for TOKEN_TTL_MARGIN_SECONDS, and the await function
 * resumes the task with it as soon as it starts waiting. EventBridge delivers at least once: the
 * token is claimed by a delete, so a duplicate finds nothing (or a closed token) and changes nothing.
 */
export async function handler(req: ResumeRequest): Promise<ResumeOutcome> {
  clients ??= { ddb: new DynamoDBClient({}), sfn: new SFNClient({}) };
  return resume(req, clients, Date.now());
}

/** The function's work, with its clients and clock given. */
export async function resume(req: ResumeRequest, c: CallbackClients, now: number): Promise<ResumeOutcome> {
  const value = correlationKey(readPath(req.event, req.eventCorrelation));
  if (value === undefined) {
    console.warn(JSON.stringify({ message: 'dagstep: event without its correlation value, ignored', taskId: req.taskId, path: req.eventCorrelation }));
    return 'no-correlation';
  }
  const waiting = callbackKeys.waiting(req.taskId, value);
  let token = await claimItem(c, waiting, now);
  if (!token) {
    await putItem(c, callbackKeys.earlyEvent(req.taskId, value), { event: JSON.stringify(req.event) }, TOKEN_TTL_MARGIN_SECONDS, now);
    // The task may have stored its token in between: look once more (see lambdas/callbacks/await.ts).
    token = await claimItem(c, waiting, now);
    if (!token) return 'stored';
    await claimItem(c, callbackKeys.earlyEvent(req.taskId, value), now);
  }
  return sendSuccess(c, token.token, req.event);
}
