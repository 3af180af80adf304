import { Match } from 'aws-cdk-lib/assertions';
import { defaultEventCorrelation } from '../../lib/constructs/callback-resources';
import { synthWorkflow } from '../support/kind-stack';
import { task, workflow } from '../support/models';

const waiting = task('paid', [], {
  waitFor: { event: { source: 'shop', detailType: 'OrderPaid', detail: { currency: ['EUR'] } }, correlation: '$.input.orderId', timeoutSeconds: 3600 },
});

describe('CallbackResources', () => {
  test('a waitFor task gets a rule on its pattern whose target wraps the whole event for the resume function', () => {
    // GIVEN / WHEN
    const { template } = synthWorkflow(workflow('shop', [waiting]));
    // THEN
    const resumeFn = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('resumes the waitFor task') } }))[0];
    const rules = template.findResources('AWS::Events::Rule', { Properties: { Description: Match.stringLikeRegexp('resumes "paid"') } });
    const [rule] = Object.values(rules) as { Properties: Record<string, any> }[];
    expect(rule.Properties.EventPattern).toStrictEqual({ source: ['shop'], 'detail-type': ['OrderPaid'], detail: { currency: ['EUR'] } });
    const { Arn, Id, DeadLetterConfig, RetryPolicy, ...target } = rule.Properties.Targets[0];
    expect(Arn).toStrictEqual({ 'Fn::GetAtt': [resumeFn, 'Arn'] });
    expect(target).toStrictEqual({ InputTransformer: { InputTemplate: '{"taskId":"paid","eventCorrelation":"$.detail.orderId","event":<aws.events.event.json>}' } });
    expect(RetryPolicy).toStrictEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
  });

  test('the callback functions may resume only this workflow\'s state machine, through their own policy', () => {
    // GIVEN / WHEN
    const { template } = synthWorkflow(workflow('shop', [waiting]));
    // THEN
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('CallbacksResumePolicy') } });
    const [policy] = Object.values(policies) as { Properties: Record<string, any> }[];
    const machine = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    expect(policy.Properties.PolicyDocument.Statement).toStrictEqual([{ Action: 'states:SendTaskSuccess', Effect: 'Allow', Resource: { Ref: machine } }]);
    expect(policy.Properties.Roles).toHaveLength(2);
  });

  test('an e-mail approval gets a KMS-encrypted topic with that subscription, and the stack an approver policy', () => {
    // GIVEN / WHEN
    const { template } = synthWorkflow(workflow('batch', [task('ok', [], { approval: { notify: 'ops@example.com', timeoutSeconds: 600 } })]));
    // THEN
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const machine = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const [approver] = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as { Properties: Record<string, any> }[];
    expect(approver.Properties.PolicyDocument.Statement[1]).toStrictEqual({ Action: ['states:SendTaskSuccess', 'states:SendTaskFailure'], Effect: 'Allow', Resource: { Ref: machine } });
    expect(approver.Properties.PolicyDocument.Statement[0].Action).toStrictEqual(['states:GetExecutionHistory', 'states:DescribeExecution']);
    // and no token table or function: an approval needs neither
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table')).filter((id) => id.includes('Callbacks'))).toStrictEqual([]);
  });

  test('the event side of a correlation defaults to the same field name under detail', () => {
    expect([defaultEventCorrelation('$.input.orderId'), defaultEventCorrelation('$.results.order.id')]).toStrictEqual(['$.detail.orderId', '$.detail.id']);
  });
});

describe('callback tasks in observability', () => {
  test('each callback kind gets the failed and timed-out alarm pair of its integration, like every kind', () => {
    // GIVEN / WHEN
    const { template } = synthWorkflow(workflow('shop', [waiting, task('ok', ['paid'], { approval: { notify: 'ops@example.com', timeoutSeconds: 600 } })]), true);
    // THEN
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => (a as { Properties: { AlarmName: string } }).Properties.AlarmName)
      .filter((n) => /waitFor|approval/.test(n)).sort();
    expect(names).toStrictEqual(['shop-approval-failed', 'shop-approval-timed-out', 'shop-waitFor-failed', 'shop-waitFor-timed-out']);
  });
});
