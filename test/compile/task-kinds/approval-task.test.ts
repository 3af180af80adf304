import { approvalMessageFormat } from '../../../lib/compile/task-kinds/approval-task';
import { stateMachineStatements, synthWorkflow } from '../../support/kind-stack';
import { task, workflow } from '../../support/models';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:approvals';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234';

describe('ApprovalTask', () => {
  test('an approval publishes the commands and waits (sns:publish.waitForTaskToken); the token and approvers travel as attributes', () => {
    // GIVEN an approval before publishing, notifying an existing encrypted topic
    const model = workflow('batch', [task('build'), task('approve', ['build'], {
      approval: { notify: TOPIC, kmsKeyArn: KEY, timeoutSeconds: 86400, approvers: ['arn:aws:iam::123456789012:role/Ops'] },
    })]);
    // WHEN synthesized
    const { definition, template } = synthWorkflow(model);
    // THEN
    const { Retry, Catch, Next, ...state } = definition.States.approve;
    expect(state).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::sns:publish.waitForTaskToken',
      Parameters: {
        TopicArn: TOPIC,
        Subject: 'dagstep batch: approve approve?',
        'Message.$': `States.Format('${approvalMessageFormat('batch', 'approve', 86400)}', $$.Execution.Id, $$.Execution.Id, $$.Execution.Id)`,
        MessageAttributes: {
          'dagstep.taskToken': { DataType: 'String', 'StringValue.$': '$$.Task.Token' },
          'dagstep.approvers': { DataType: 'String', StringValue: 'arn:aws:iam::123456789012:role/Ops' },
        },
      },
      TimeoutSeconds: 86400,
      ResultPath: '$.results.approve',
    });
    // and the role may publish to that topic with its key, nothing more
    const statements = stateMachineStatements(template).filter((s) => /sns:|kms:/.test(JSON.stringify(s.Action)));
    expect(statements).toStrictEqual([
      { Action: 'sns:Publish', Effect: 'Allow', Resource: TOPIC },
      { Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Effect: 'Allow', Resource: KEY },
    ]);
  });

  test('the message names the execution three times (where, approve, reject) and holds no character States.Format would need escaped', () => {
    // WHEN
    const format = approvalMessageFormat('batch', 'publish_ok', 3600);
    // THEN
    expect(format.split('{}')).toHaveLength(4);
    expect(/['\\]|\{(?!\})|(?<!\{)\}/.test(format)).toBe(false);
    expect(format).toContain('dagstep approve {} publish_ok');
    expect(format).toContain('dagstep reject {} publish_ok');
  });
});
