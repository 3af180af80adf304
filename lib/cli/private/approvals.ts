import { HistoryEvent, SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { APPROVAL_ATTRIBUTES, ApprovalDecision, DAGSTEP_ERRORS } from '../../model/contract';
import { aws, OperationError } from './aws/errors';
import { executionHistory } from './aws/history';

/** The approval an execution is waiting for: its token and who may decide. */
export interface PendingApproval {
  readonly taskToken: string;
  readonly approvers: readonly string[];
}

/**
 * The approval task `taskId` of an execution is waiting on, from its history: the last
 * TaskScheduled of `sns:publish.waitForTaskToken` after the state was entered carries the token
 * and approvers as message attributes (see lib/compile/task-kinds/approval-task.ts). An error
 * when the task never started, has ended, or is not an approval.
 */
export function pendingApproval(events: readonly HistoryEvent[], executionArn: string, taskId: string): PendingApproval {
  let state: string | undefined;
  let pending: PendingApproval | undefined;
  let seen = false;
  for (const e of events) {
    if (e.stateEnteredEventDetails) state = e.stateEnteredEventDetails.name;
    if (e.stateExitedEventDetails?.name === taskId || (state === taskId && /^Task(Failed|TimedOut|Succeeded)$/.test(e.type ?? ''))) pending = undefined;
    const scheduled = e.taskScheduledEventDetails;
    if (state !== taskId || !scheduled) continue;
    seen = true;
    if (!/^arn:[^:]+:states:::sns:publish\.waitForTaskToken$/.test(scheduled.resource ?? '') && !(scheduled.resourceType === 'sns' && scheduled.resource === 'publish.waitForTaskToken')) {
      throw new OperationError({ file: executionArn, message: `task "${taskId}" is not an approval task (it calls ${scheduled.resourceType}:${scheduled.resource})` });
    }
    const attrs = (JSON.parse(scheduled.parameters ?? '{}') as { MessageAttributes?: Record<string, { StringValue?: string }> }).MessageAttributes ?? {};
    const token = attrs[APPROVAL_ATTRIBUTES.taskToken]?.StringValue;
    if (!token) throw new OperationError({ file: executionArn, message: `task "${taskId}": its notification carries no ${APPROVAL_ATTRIBUTES.taskToken} attribute` });
    const approvers = attrs[APPROVAL_ATTRIBUTES.approvers]?.StringValue;
    pending = { taskToken: token, approvers: approvers ? approvers.split(',') : [] };
  }
  if (!pending) {
    throw new OperationError({ file: executionArn, message: seen ? `task "${taskId}" is no longer waiting for a decision (it was decided or timed out)` : `task "${taskId}" has not started waiting in this execution (is it the execution that runs the task? a partitioned workflow's child names its own)` });
  }
  return pending;
}

/** True when `caller` (an STS caller ARN) is one of `approvers` (IAM user/role ARNs; a role matches its sessions). */
export function isApprover(caller: string, approvers: readonly string[]): boolean {
  if (approvers.length === 0) return true;
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(caller);
  const asRole = session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : undefined;
  return approvers.some((a) => a === caller || (asRole !== undefined && (a === asRole || a.endsWith(`:role/${session![3]}`) && a.startsWith(`arn:${session![1]}:iam::${session![2]}:role/`))));
}

/**
 * Approves or rejects: finds the waiting token, checks the caller is an approver, and calls
 * SendTaskSuccess with the decision (the task's result) or SendTaskFailure with
 * `dagstep.Rejected` and the decision as the Cause. The approver list is a courtesy check; the
 * boundary is IAM (the stack's approver policy), and CloudTrail records the real caller.
 */
export async function decide(c: { sfn: SFNClient; sts: STSClient }, executionArn: string, taskId: string, decision: ApprovalDecision['decision'], comment: string | undefined, now: Date): Promise<ApprovalDecision> {
  const pending = pendingApproval(await executionHistory(c.sfn, executionArn), executionArn, taskId);
  const identity = await aws('sts', () => c.sts.send(new GetCallerIdentityCommand({})), 'sts:GetCallerIdentity');
  const by = identity.Arn ?? 'unknown';
  if (!isApprover(by, pending.approvers)) {
    throw new OperationError({ file: executionArn, message: `task "${taskId}": ${by} is not an approver (approvers: ${pending.approvers.join(', ')})` });
  }
  const out: ApprovalDecision = { decision, by, at: now.toISOString(), ...(comment ? { comment } : {}) };
  if (decision === 'approved') {
    await aws(executionArn, () => c.sfn.send(new SendTaskSuccessCommand({ taskToken: pending.taskToken, output: JSON.stringify(out) })), 'states:SendTaskSuccess');
  } else {
    await aws(executionArn, () => c.sfn.send(new SendTaskFailureCommand({ taskToken: pending.taskToken, error: DAGSTEP_ERRORS.rejected, cause: JSON.stringify(out) })), 'states:SendTaskFailure');
  }
  return out;
}
