import { checkCallbackTasks } from '../../../lib/compile/checks/callbacks';
import { planWorkflow } from '../../../lib/compile/plan-workflow';
import type { TaskModel } from '../../../lib/model/types';
import { task, workflow } from '../../support/models';

const EVENT = { source: 'shop', detailType: 'OrderPaid' };
const check = (tasks: TaskModel[], machineTimeout = 86400) => {
  const model = workflow('w', tasks);
  return checkCallbackTasks({ model, plan: planWorkflow(model), definition: { StartAt: 'x', States: {}, TimeoutSeconds: machineTimeout } });
};

describe('checkCallbackTasks', () => {
  test('bounded, correlated and encrypted callback tasks pass', () => {
    // GIVEN a wait on an input field and an approval by e-mail (dagstep encrypts its topic)
    const r = check([
      task('paid', [], { waitFor: { event: EVENT, correlation: '$.input.orderId', timeoutSeconds: 3600, heartbeatSeconds: 600 } }),
      task('ok', ['paid'], { approval: { notify: 'ops@example.com', timeoutSeconds: 3600 } }),
    ]);
    // THEN
    expect(r).toStrictEqual({ id: 'callback-tasks', title: 'waitFor and approval tasks: timeouts set, correlation present, topic encrypted', ok: true, details: ['2 callback task(s) bounded, correlated and encrypted'] });
  });

  test('every problem is listed: a missing timeout, a heartbeat not shorter, a wait longer than the execution, a correlation off the inputs, an unencrypted topic', () => {
    // GIVEN
    const r = check([
      task('order'),
      task('no_timeout', [], { waitFor: { event: EVENT, correlation: '$.input.id', timeoutSeconds: undefined as unknown as number } }),
      task('heartbeat', [], { waitFor: { event: EVENT, correlation: '$.input.id', timeoutSeconds: 60, heartbeatSeconds: 60 } }),
      task('too_long', [], { approval: { notify: 'ops@example.com', timeoutSeconds: 90000 } }),
      task('no_dep', [], { waitFor: { event: EVENT, correlation: '$.results.order.id', timeoutSeconds: 60 } }),
      task('no_path', [], { waitFor: { event: EVENT, correlation: '', timeoutSeconds: 60 } }),
      task('plain_topic', [], { approval: { notify: 'arn:aws:sns:eu-west-1:123456789012:approvals', timeoutSeconds: 60 } }),
    ]);
    // THEN
    expect(r.ok).toBe(false);
    expect(r.details).toStrictEqual([
      'task "no_timeout": waitFor.timeoutSeconds is not set; a task waiting on someone else must end (States.Timeout) when nobody answers',
      'task "heartbeat": waitFor.heartbeatSeconds (60) must be shorter than waitFor.timeoutSeconds (60)',
      'task "too_long": approval.timeoutSeconds (90000) exceeds the state machine\'s TimeoutSeconds (86400): the execution would time out first',
      'task "no_dep": waitFor.correlation reads "order", which is not in dependsOn []',
      'task "no_path": waitFor.correlation must name a value of the task\'s inputs ($.input.<field> or $.results.<dependency>.<field>); received ""',
      'task "plain_topic": approval.notify names an existing topic without approval.kmsKeyArn; encrypt the topic with a customer-managed KMS key and name it (the state machine needs it to publish)',
    ]);
  });

  test('a workflow without callback tasks passes with a note', () => {
    expect(check([task('a')]).details).toStrictEqual(['no waitFor or approval tasks']);
  });
});
