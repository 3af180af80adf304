import { GetExecutionHistoryCommand, HistoryEvent, SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { registerApprove, registerReject } from '../../lib/cli/approve';
import { captureIO } from '../../lib/cli/io';
import { isApprover, pendingApproval } from '../../lib/cli/private/approvals';
import { runCli } from '../../lib/cli/program';

const sfn = mockClient(SFNClient);
const sts = mockClient(STSClient);
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:nightly_batch:night-1';
const OPS = 'arn:aws:iam::123456789012:role/Ops';
const OPS_SESSION = 'arn:aws:sts::123456789012:assumed-role/Ops/alice';

/** The history of an execution waiting on approval `approve_report` (as Step Functions records it). */
function waiting(approvers?: string): HistoryEvent[] {
  const parameters = JSON.stringify({
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:approvals', Message: '...',
    MessageAttributes: { 'dagstep.taskToken': { DataType: 'String', StringValue: 'tok-9' }, ...(approvers ? { 'dagstep.approvers': { DataType: 'String', StringValue: approvers } } : {}) },
  });
  return [
    { id: 1, type: 'ExecutionStarted', timestamp: new Date(0) },
    { id: 2, previousEventId: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'approve_report' }, timestamp: new Date(0) },
    { id: 3, previousEventId: 2, type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'sns', resource: 'publish.waitForTaskToken', region: 'eu-west-1', parameters }, timestamp: new Date(0) },
    { id: 4, previousEventId: 3, type: 'TaskStarted', timestamp: new Date(0) },
  ];
}

async function cli(...args: string[]) {
  const io = captureIO();
  const code = await runCli([...args, '--region', 'eu-west-1'], io, [registerApprove, registerReject]);
  return { code, out: io.out(), err: io.err() };
}

beforeEach(() => {
  sfn.reset();
  sts.reset();
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
});

describe('dagstep approve / reject', () => {
  test('approve sends the decision and who made it as the task\'s result', async () => {
    // GIVEN an execution waiting on the approval, and an approver's credentials
    sfn.on(GetExecutionHistoryCommand).resolves({ events: waiting(OPS) });
    sfn.on(SendTaskSuccessCommand).resolves({});
    sts.on(GetCallerIdentityCommand).resolves({ Arn: OPS_SESSION });
    // WHEN
    const r = await cli('approve', ARN, 'approve_report', '--comment', 'numbers checked', '--json');
    // THEN
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.out);
    expect(decision).toStrictEqual({ decision: 'approved', by: OPS_SESSION, at: decision.at, comment: 'numbers checked' });
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toStrictEqual([{ taskToken: 'tok-9', output: JSON.stringify(decision) }]);
  });

  test('reject fails the task with dagstep.Rejected and the decision as its cause', async () => {
    // GIVEN
    sfn.on(GetExecutionHistoryCommand).resolves({ events: waiting() });
    sfn.on(SendTaskFailureCommand).resolves({});
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/bob' });
    // WHEN
    const r = await cli('reject', ARN, 'approve_report', '--json');
    // THEN
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.out);
    expect(sfn.commandCalls(SendTaskFailureCommand).map((c) => c.args[0].input)).toStrictEqual([{ taskToken: 'tok-9', error: 'dagstep.Rejected', cause: JSON.stringify(decision) }]);
    expect(decision.by).toBe('arn:aws:iam::123456789012:user/bob');
  });

  test('someone not among the approvers is refused before anything is sent', async () => {
    // GIVEN
    sfn.on(GetExecutionHistoryCommand).resolves({ events: waiting(OPS) });
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:sts::123456789012:assumed-role/Dev/carol' });
    // WHEN
    const r = await cli('approve', ARN, 'approve_report');
    // THEN
    expect(r.code).toBe(1);
    expect(r.err).toContain(`task "approve_report": arn:aws:sts::123456789012:assumed-role/Dev/carol is not an approver (approvers: ${OPS})`);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  test('a task that already ended, or never started, is reported as such', () => {
    // GIVEN a decided approval
    const decided: HistoryEvent[] = [...waiting(), { id: 5, previousEventId: 4, type: 'TaskSucceeded', timestamp: new Date(0) }, { id: 6, type: 'TaskStateExited', stateExitedEventDetails: { name: 'approve_report' }, timestamp: new Date(0) }];
    // WHEN / THEN
    expect(() => pendingApproval(decided, ARN, 'approve_report')).toThrow('task "approve_report" is no longer waiting for a decision (it was decided or timed out)');
    expect(() => pendingApproval(waiting(), ARN, 'publish_report')).toThrow('task "publish_report" has not started waiting in this execution');
    expect(pendingApproval(waiting(OPS), ARN, 'approve_report')).toStrictEqual({ taskToken: 'tok-9', approvers: [OPS] });
  });

  test('a role approver matches its sessions; no approvers means anyone the IAM policy lets in', () => {
    expect([isApprover(OPS_SESSION, [OPS]), isApprover(OPS, [OPS]), isApprover('arn:aws:sts::123456789012:assumed-role/Opsx/a', [OPS]), isApprover('anyone', [])])
      .toStrictEqual([true, true, false, true]);
  });
});
