import { Match } from 'aws-cdk-lib/assertions';
import { synthWorkflow } from '../support/kind-stack';
import { task, workflow } from '../support/models';

describe('ResultStore', () => {
  test('the result bucket is encrypted, TLS only, private, and expires results', () => {
    // GIVEN a workflow with a Lambda task
    const { template } = synthWorkflow(workflow('r', [task('a')]));
    // THEN
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [{ Id: 'expire-results', Prefix: 'results/', ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('functions get Get/PutObject on results/* and the bucket name; resultStore: false means read only', () => {
    // GIVEN a task that stores large results and one that keeps them inline
    const { template } = synthWorkflow(workflow('r', [task('a', [], { memorySize: 512 }), task('b', ['a'], { resultStore: false })]));
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ResultStoreBucket'), 'Arn'] }, '/results/*']] };
    // THEN
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^WorkflowPassthroughFunctionRole') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow', Resource: objects }]) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^WorkflowbFunctionRole') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 's3:GetObject', Effect: 'Allow', Resource: objects }]) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'dagstep r: b',
      Environment: { Variables: Match.objectLike({ DAGSTEP_RESULT_BUCKET: { Ref: Match.stringLikeRegexp('ResultStoreBucket') }, DAGSTEP_RESULT_THRESHOLD_BYTES: '0' }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'dagstep r: a',
      Environment: { Variables: Match.objectLike({ DAGSTEP_RESULT_THRESHOLD_BYTES: '65536' }) },
    });
  });

  test('a workflow of service calls only has no result bucket', () => {
    // GIVEN a glue-only workflow
    const { template } = synthWorkflow(workflow('r', [task('g', [], { glue: { jobName: 'j' } })]));
    // THEN
    template.resourceCountIs('AWS::S3::Bucket', 0);
    // the only functions are the dead-letter guard and its sweep, which store no results
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('dead letters of failed') });
  });
});
