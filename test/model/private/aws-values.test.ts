import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WorkflowStack } from '../../../lib/constructs/workflow-stack';
import { SpecError } from '../../../lib/model/errors';
import { bucketNameProblem, fargateMemories, isArn, isMutatingAction, isTimeZone } from '../../../lib/model/private/aws-values';
import { modelFromSpec } from '../../../lib/model/spec-loader';

const FILE = 'specs/w.yaml';

function problemsOf(spec: Record<string, unknown>): unknown {
  try { modelFromSpec({ name: 'w', ...spec }, FILE, '/tmp'); } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).problems;
  }
  throw new Error('expected a SpecError');
}

describe('values AWS rejects are refused at load time', () => {
  test('a made-up schedule timezone', () => {
    // GIVEN / WHEN / THEN
    expect(problemsOf({ schedule: { cron: '0 2 * * ? *', timezone: 'Mars/Olympus' }, tasks: [{ id: 'a' }] })).toStrictEqual([
      { file: FILE, field: 'schedule.timezone', message: 'expected an IANA time zone name such as "Europe/Paris" or "UTC", received "Mars/Olympus"' },
    ]);
    expect(['UTC', 'Europe/Paris', 'Asia/Kolkata', 'Asia/Calcutta', 'America/Argentina/Buenos_Aires', 'CEST', 'Europe/Atlantis'].map(isTimeZone)).toStrictEqual([true, true, true, true, true, false, false]);
  });

  test('an impossible Fargate cpu/memory pair, given or by default', () => {
    // GIVEN cpu 4096 with 1 GB, and cpu 1024 with the default 512 MiB
    const problems = problemsOf({ tasks: [
      { id: 'a', container: { image: 'app:1', cpu: 4096, memory: 1024 } },
      { id: 'b', container: { image: 'app:1', cpu: 1024 } },
      { id: 'ok', container: { image: 'app:1', cpu: 256, memory: 2048 } },
    ] });
    // THEN
    expect(problems).toStrictEqual([
      { file: FILE, taskId: 'a', field: 'container.memory', message: 'expected a memory Fargate allows with cpu 4096 (8192 to 30720 in steps of 1024 MiB), received 1024' },
      { file: FILE, taskId: 'b', field: 'container.memory', message: 'expected a memory Fargate allows with cpu 1024 (2048 to 8192 in steps of 1024 MiB), received 512 (the default)' },
    ]);
    expect([fargateMemories(256), fargateMemories(16384).slice(0, 2), fargateMemories(16384).pop()]).toStrictEqual([[512, 1024, 2048], [32768, 40960], 122880]);
  });

  test('an invalid itemReader bucket name (InvalidBucketNameValue at deploy)', () => {
    // GIVEN / WHEN
    const problems = problemsOf({ tasks: [{ id: 'm', map: { itemsPath: '$.items', mode: 'distributed', itemReader: { bucket: 'My_Bucket', key: 'k.json' } } }] });
    // THEN
    expect(problems).toStrictEqual([{ file: FILE, taskId: 'm', field: 'map.itemReader.bucket', message: 'expected lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit in an S3 bucket name, received "My_Bucket"' }]);
    expect(['my-bucket', 'a..b', '192.168.1.1', 'xn--abc', 'ab', 'logs.example.com'].map(bucketNameProblem).map((p) => p === undefined)).toStrictEqual([true, false, false, false, false, true]);
  });

  test('an SDK service and action too long for a CloudWatch dimension (DimensionValueLengthInvalid at deploy)', () => {
    // GIVEN a 230-character action
    const action = `get${'x'.repeat(227)}`;
    // WHEN / THEN
    expect(problemsOf({ tasks: [{ id: 's', sdk: { service: 'dynamodb', action, resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/t' } }] })).toStrictEqual([
      { file: FILE, taskId: 's', field: 'sdk.action', message: 'expected service and action of at most 222 characters together (the integration ARN is a CloudWatch dimension value, at most 255), received 238' },
    ]);
  });

  test('ARNs: an SDK resource that is not an ARN (layers and connections are ARN-checked by the schema)', () => {
    // GIVEN / WHEN / THEN
    expect(problemsOf({ tasks: [
      { id: 's', sdk: { service: 's3', action: 'getObject', resource: ['table/orders', 'arn:aws:s3:::bucket/*'] } },
    ] })).toStrictEqual([
      { file: FILE, taskId: 's', field: 'sdk.resource[0]', message: 'expected an ARN (arn:<partition>:<service>:<region>:<account>:<resource>) or "*", received "table/orders"' },
    ]);
    expect([isArn('arn:aws:s3:::b'), isArn('arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q'), isArn('arn:aws:sqs:eu-west-1:12:q')]).toStrictEqual([true, true, false]);
  });
});

describe('least privilege at load time', () => {
  test('sdk.resource "*" on a mutating action is refused without a reason; a read-only action may use it', () => {
    // GIVEN iam:createUser on *, and ec2:describeInstances on *
    const problems = problemsOf({ tasks: [
      { id: 'mk', sdk: { service: 'iam', action: 'createUser', resource: '*' } },
      { id: 'ls', sdk: { service: 'ec2', action: 'describeInstances', resource: '*' } },
    ] });
    // THEN only the mutating one, naming the field and the way out
    expect(problems).toStrictEqual([{ file: FILE, taskId: 'mk', field: 'sdk.resource', message: 'expected the ARN(s) iam:createUser acts on: "*" lets a mutating action change every resource of the account; if the action supports no resource-level permission, say so in sdk.wildcardReason' }]);
    expect(['putItem', 'deleteObject', 'getItem', 'listBuckets', 'query'].map(isMutatingAction)).toStrictEqual([true, true, false, false, false]);
  });

  test('with a reason, the wildcard is granted for that one action and acknowledged with the user\'s reason', () => {
    // GIVEN
    const reason = 'cloudwatch:PutMetricData supports no resource-level permission';
    const model = modelFromSpec({ name: 'w', tasks: [{ id: 'put', sdk: { service: 'cloudwatch', action: 'putMetricData', resource: '*', wildcardReason: reason, parameters: { Namespace: 'x', MetricData: [] } } }] }, FILE, '/tmp');
    // WHEN
    const template = Template.fromStack(new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), undefined, { model, observability: false }));
    // THEN
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement);
    expect(statements.filter((s) => s.Action === 'cloudwatch:PutMetricData')).toStrictEqual([{ Action: 'cloudwatch:PutMetricData', Effect: 'Allow', Resource: '*' }]);
  });

  test('an event trigger on source aws.states is refused (the workflow would start on its own executions)', () => {
    // GIVEN / WHEN / THEN
    expect(problemsOf({ triggers: [{ eventPattern: { source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'] } }, { eventPattern: { source: [{ prefix: 'aws.' }] } }], tasks: [{ id: 'a' }] })).toStrictEqual([
      { file: FILE, field: 'triggers[0].eventPattern.source', message: 'expected a source other than aws.states: Step Functions\' own execution events would start the workflow on its own executions (a loop); start a follow-up workflow with a workflow: task instead' },
      { file: FILE, field: 'triggers[1].eventPattern.source', message: 'expected a source other than aws.states: Step Functions\' own execution events would start the workflow on its own executions (a loop); start a follow-up workflow with a workflow: task instead' },
    ]);
  });
});
