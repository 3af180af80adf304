import { Match } from 'aws-cdk-lib/assertions';
import { synthWorkflow } from '../../support/kind-stack';
import { task, workflow } from '../../support/models';

const arn = (service: string, resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] });

describe('BatchTask', () => {
  test('a batch task submits a job named after the task to the queue and waits for it', () => {
    // GIVEN a batch task naming its queue and job definition by name
    const model = workflow('b', [task('report', [], { batch: { jobQueue: 'nightly', jobDefinition: 'report', parameters: { day: '$.input.day', format: 'pdf' } } })]);
    // WHEN synthesized
    const { definition, template } = synthWorkflow(model);
    // THEN
    expect(definition.States.report).toMatchObject({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::batch:submitJob.sync',
      Parameters: {
        JobName: 'report',
        JobQueue: 'arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job-queue/nightly',
        JobDefinition: 'report',
        Parameters: { 'day.$': '$.input.day', format: 'pdf' },
      },
      TimeoutSeconds: 60,
      ResultPath: '$.results.report',
    });
    // AND, a required task, it catches nothing: the execution fails at it, where a redrive re-runs it
    expect(definition.States.report.Catch).toBeUndefined();
    // AND SubmitJob is allowed on that queue and every revision of that definition only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        { Action: 'batch:SubmitJob', Effect: 'Allow', Resource: [arn('batch', 'job-queue/nightly'), arn('batch', 'job-definition/report:*')] },
        { Action: 'batch:DescribeJobs', Effect: 'Allow', Resource: '*' },
        { Action: 'batch:TerminateJob', Effect: 'Allow', Resource: arn('batch', 'job/*') },
        { Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], Effect: 'Allow', Resource: arn('events', 'rule/StepFunctionsGetEventsForBatchJobsRule') },
      ]) },
    });
  });

  test('ARNs and a pinned revision are used as given', () => {
    // GIVEN ARNs
    const queue = 'arn:aws:batch:eu-west-1:123456789012:job-queue/q';
    const model = workflow('b', [task('r', [], { batch: { jobQueue: queue, jobDefinition: 'report:7' } })]);
    // WHEN
    const { definition, template } = synthWorkflow(model);
    // THEN
    expect(definition.States.r.Parameters).toStrictEqual({ JobName: 'r', JobQueue: queue, JobDefinition: 'report:7' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'batch:SubmitJob', Effect: 'Allow', Resource: [queue, arn('batch', 'job-definition/report:7')] }]) },
    });
  });
});
