import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { SynthesisMessageLevel } from 'aws-cdk-lib/cx-api';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mergedSecrets } from '../../lib/constructs/secrets';
import { addSecurityChecks } from '../../lib/constructs/security';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { ENV } from '../../lib/model/contract';
import { CompileError } from '../../lib/model/errors';
import type { WorkflowModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';

const EXTRACT = path.resolve(__dirname, '../../examples/etl/handlers/extract.ts');
const LOAD = path.resolve(__dirname, '../../examples/etl/handlers/load.ts');
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const PARTITION = { Ref: 'AWS::Partition' };
const REGION = { Ref: 'AWS::Region' };
const ACCOUNT = { Ref: 'AWS::AccountId' };

const MODEL = workflow('sec', [
  task('a', [], {
    handler: EXTRACT, sideEffects: 'none',
    secrets: { DB_PASSWORD: { secretsManager: 'prod/db', field: 'password' }, API_KEY: { ssm: '/prod/api-key', kmsKeyArn: KEY } },
  }),
  task('b', ['a'], { handler: LOAD, sideEffects: 'none' }),
]);

function templateOf(model: WorkflowModel, app = new App({ context: { 'aws:cdk:bundling-stacks': [] } })) {
  const stack = new WorkflowStack(app, undefined, { model, observability: false });
  return { template: Template.fromStack(stack), stack, app };
}

/** Every statement of the inline policies attached to a role whose logical id starts with `prefix`. */
function statementsOf(template: Template, prefix: string): unknown[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(prefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as unknown[]);
}

describe('task secrets in the template', () => {
  test('the role reads exactly the declared secrets, through partition-aware ARNs', () => {
    // GIVEN a task with a Secrets Manager secret and an SSM parameter under a named key
    const { template } = templateOf(MODEL);
    // WHEN the role policy of its function is read
    const statements = statementsOf(template, 'WorkflowaFunctionRole');
    // THEN GetSecretValue on that secret, GetParameter(s) on that parameter, Decrypt on that key via SSM only
    expect(statements).toEqual(expect.arrayContaining([
      {
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', PARTITION, ':secretsmanager:', REGION, ':', ACCOUNT, ':secret:prod/db-??????']] },
      },
      {
        Action: ['ssm:GetParameter', 'ssm:GetParameters'], Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', PARTITION, ':ssm:', REGION, ':', ACCOUNT, ':parameter/prod/api-key']] },
      },
      {
        Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY,
        Condition: { StringEquals: { 'kms:ViaService': [{ 'Fn::Join': ['', ['secretsmanager.', REGION, '.amazonaws.com']] }, { 'Fn::Join': ['', ['ssm.', REGION, '.amazonaws.com']] }] } },
      },
    ]));
  });

  test('a function without secrets gets no secret, parameter or key access', () => {
    // GIVEN the same workflow / WHEN the other function's role is read
    const { template } = templateOf(MODEL);
    const actions = statementsOf(template, 'WorkflowbFunctionRole').flatMap((s) => [(s as { Action: string | string[] }).Action].flat());
    // THEN none of the secret actions
    expect(actions.filter((a) => /^(secretsmanager|ssm|kms):/.test(a))).toStrictEqual([]);
  });

  test('only references reach the environment; no value anywhere in the template', () => {
    // GIVEN / WHEN
    const { template } = templateOf(MODEL);
    // THEN the function environment names where each secret lives
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.secrets]: JSON.stringify({ DB_PASSWORD: { secretsManager: 'prod/db', field: 'password' }, API_KEY: { ssm: '/prod/api-key', kmsKeyArn: KEY } }) }) },
    });
    // and there is no dynamic reference that would resolve a value into the template
    expect(JSON.stringify(template.toJSON())).not.toMatch(/\{\{resolve:(secretsmanager|ssm-secure):/);
  });

  test('an ARN given in full is used as it is; a partial one gets the random suffix', () => {
    // GIVEN full and partial ARNs
    const full = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:prod/db-AbCdEf';
    const partial = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/other';
    const { template } = templateOf(workflow('arns', [task('a', [], { handler: EXTRACT, sideEffects: 'none', secrets: { A: { secretsManager: full }, B: { secretsManager: partial } } })]));
    // WHEN / THEN
    expect(statementsOf(template, 'WorkflowaFunctionRole')).toEqual(expect.arrayContaining([
      { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: [full, `${partial}-??????`] },
    ]));
  });

  test('cdk-nag passes: the one-secret wildcard suffix is acknowledged with its reason', () => {
    // GIVEN security checks on the app
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    addSecurityChecks(app);
    // WHEN synthesized / THEN no error annotation
    const { stack } = templateOf(MODEL, app);
    const errors = app.synth().getStackArtifact(stack.artifactId).messages.filter((m) => m.level === SynthesisMessageLevel.ERROR);
    expect(errors.map((m) => m.entry.data)).toStrictEqual([]);
  });

  test('tasks sharing a function must agree on what a secret name refers to', () => {
    // GIVEN two tasks on one handler naming different secrets for DB
    const model = workflow('clash', [
      task('a', [], { handler: EXTRACT, secrets: { DB: { secretsManager: 'prod/a' } } }),
      task('b', [], { handler: EXTRACT, secrets: { DB: { secretsManager: 'prod/b' } } }),
    ]);
    // WHEN merged / THEN a compile error naming the task and field
    expect(() => mergedSecrets(model, model.tasks)).toThrow(CompileError);
    try { mergedSecrets(model, model.tasks); } catch (e) {
      expect((e as CompileError).problems).toStrictEqual([{ file: 'test/clash.yaml', taskId: 'b', field: 'secrets.DB', message: 'tasks "a" and "b" share one function (the same handler) but name different secrets for DB; use one reference or separate handlers' }]);
    }
  });
});

describe('reserved environment names in a hand-built model', () => {
  test('are a compile error naming the task and field, not a synth crash', () => {
    // GIVEN a model that did not come through the loader
    const model = workflow('res', [task('a', [], { environment: { AWS_REGION: 'us-east-1' } })]);
    // WHEN built / THEN a CompileError
    let problems: unknown;
    try { templateOf(model); } catch (e) { problems = (e as CompileError).problems; }
    expect(problems).toStrictEqual([{ file: 'test/res.yaml', taskId: 'a', field: 'environment.AWS_REGION', message: '"AWS_REGION" is reserved by the Lambda runtime (it sets it itself) and cannot be set; expected a name of your own' }]);
  });
});

describe('handler checks in a hand-built model', () => {
  test('a handler that is not a module is a compile error naming the task, not a bundler crash', () => {
    // GIVEN a model that names /etc/hostname-like files as handlers
    const notes = path.resolve(__dirname, '../fixtures/crashes/handlers/notes.txt');
    let problems: unknown;
    try { templateOf(workflow('bad', [task('a', [], { handler: notes })])); } catch (e) { problems = (e as CompileError).problems; }
    // THEN
    expect(problems).toStrictEqual([{ file: 'test/bad.yaml', taskId: 'a', field: 'handler', message: `handler ${notes} is not a module: expected a JavaScript or TypeScript module (.ts, .mts, .cts, .js, .mjs, .cjs), received "notes.txt"` }]);
  });
});

