import { Match } from 'aws-cdk-lib/assertions';
import { synthWorkflow } from '../../support/kind-stack';
import { task, TEST_RETRY, workflow } from '../../support/models';

const RETRY = [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: 'FULL' }];

describe('GlueTask', () => {
  test('a glue task runs the job to completion with arguments read from its inputs, retried and timed out like a Lambda task, and like it not caught (the execution fails at it)', () => {
    // GIVEN a glue task after a Lambda task, with a 2-hour timeout
    const model = workflow('g', [
      task('list', [], { sideEffects: 'none' }),
      task('compact', ['list'], { glue: { jobName: 'compact-orders', arguments: { '--mode': 'full', '--day': '$.input.day', '--files': '$.results.list.files' } }, timeoutSeconds: 7200, heartbeatSeconds: 600, retry: TEST_RETRY }),
    ]);
    // WHEN synthesized
    const { definition, template } = synthWorkflow(model);
    // THEN the state is the .sync integration with the task's retry, timeout and heartbeat, and no Catch
    expect(definition.States.compact).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::glue:startJobRun.sync',
      Parameters: { JobName: 'compact-orders', Arguments: { '--mode': 'full', '--day.$': '$.input.day', '--files.$': '$.results.list.files' } },
      TimeoutSeconds: 7200,
      HeartbeatSeconds: 600,
      ResultPath: '$.results.compact',
      Retry: RETRY,
      Next: 'dagstep.output',
    });
    // AND the role may run, watch and stop that one job only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{
        Action: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':job/compact-orders']] },
      }]) },
    });
    // AND the glue task gets no Lambda function (only the Lambda task does; the others are the
    // dead-letter guard and its reconciliation sweep)
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('dead letters of failed, timed-out and aborted executions') });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('reconciles ended executions with their dead letters') });
  });

  test('an argument that reads a result not in dependsOn is a compile error naming the task and field', () => {
    // GIVEN a glue task reading a result it does not depend on
    const model = workflow('g', [task('a'), task('b', [], { glue: { jobName: 'j', arguments: { '--x': '$.results.a.x' } } })]);
    // WHEN / THEN
    expect(() => synthWorkflow(model)).toThrow(/task "b", field "glue.arguments.--x"|glue\.arguments\.--x/);
  });
});
