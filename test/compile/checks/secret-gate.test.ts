import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { assertNoSecretLiterals, unacknowledgedSecrets } from '../../../lib/compile/checks/secret-gate';
import { captureIO } from '../../../lib/cli/io';
import { runCli } from '../../../lib/cli/program';
import { registerCompile } from '../../../lib/cli/compile';
import { registerRun } from '../../../lib/cli/run';
import { WorkflowStack } from '../../../lib/constructs/workflow-stack';
import { CompileError } from '../../../lib/model/errors';
import { loadSpecFile } from '../../../lib/model/spec-loader';
import { task, workflow } from '../../support/models';
import { tempDir } from '../../support/temp';

const STRIPE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const leaky = workflow('leaky', [task('charge', [], { environment: { API_KEY: STRIPE, REGION: 'eu-west-1' } })]);

function spec(acknowledge: boolean): string {
  const dir = tempDir('dagstep-gate-');
  const file = path.join(dir, 'leaky.yaml');
  fs.writeFileSync(file, [
    'name: leaky', 'tasks:', '  - id: charge', '    sideEffects: none', '    environment:', `      API_KEY: ${STRIPE}`,
    ...(acknowledge ? ['    acknowledgeSecrets:', '      - field: environment.API_KEY', '        reason: the documented Stripe test-mode sample key, not a credential'] : []),
  ].join('\n'));
  return file;
}

async function cli(...args: string[]) {
  const io = captureIO();
  const code = await runCli(args, io, [registerCompile, registerRun]);
  return { code, out: io.out(), err: io.err() };
}

describe('secret literals are refused where a workflow is built', () => {
  test('the Workflow construct (cdk synth) throws a CompileError naming file, task and field', () => {
    // GIVEN a model with a Stripe key in a task's environment
    // WHEN it is built
    let error: unknown;
    try { new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), undefined, { model: leaky, observability: false }); } catch (e) { error = e; }
    // THEN the build fails before any template exists, with where and what
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).problems).toStrictEqual([{
      file: 'test/leaky.yaml', taskId: 'charge', field: 'environment.API_KEY',
      message: 'looks like a Stripe key; declare it under the task\'s secrets: (a Secrets Manager secret or an SSM SecureString) and read it with getSecret() instead, or if it is not a secret say why: acknowledgeSecrets: [{field: "environment.API_KEY", reason: "..."}]',
    }]);
  });

  test('an acknowledged field builds, and only that field is acknowledged', () => {
    // GIVEN the same literal acknowledged with a reason, and a second unacknowledged one
    const ok = workflow('acked', [task('charge', [], { environment: { API_KEY: STRIPE }, acknowledgeSecrets: [{ field: 'environment.API_KEY', reason: 'Stripe test-mode sample key' }] })]);
    const other = workflow('acked', [task('charge', [], { environment: { API_KEY: STRIPE, DB_PASSWORD: 'hunter22' }, acknowledgeSecrets: [{ field: 'environment.API_KEY', reason: 'Stripe test-mode sample key' }] })]);
    // WHEN / THEN
    const template = Template.fromStack(new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), undefined, { model: ok, observability: false }));
    expect(Object.values(template.findResources('AWS::Lambda::Function')).some((f) => JSON.stringify(f).includes(STRIPE))).toBe(true);
    expect(unacknowledgedSecrets(other)).toStrictEqual([{ taskId: 'charge', field: 'environment.DB_PASSWORD', kind: 'a literal value for "DB_PASSWORD"' }]);
    expect(() => assertNoSecretLiterals(other)).toThrow(CompileError);
  });

  test.each([['compile'], ['run']])('dagstep %s exits 1 with the problem on one line, no stack', async (command) => {
    // GIVEN a spec file with a secret literal
    const file = spec(false);
    // WHEN
    const r = await cli(command, file);
    // THEN
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`${file}: task "charge": environment.API_KEY: looks like a Stripe key; declare it under the task's secrets: (a Secrets Manager secret or an SSM SecureString) and read it with getSecret() instead, or if it is not a secret say why: acknowledgeSecrets: [{field: "environment.API_KEY", reason: "..."}]`);
    expect(r.out).toBe('');
  });

  test('the acknowledgement is a spec field: the loaded model carries it and compile succeeds', async () => {
    // GIVEN / WHEN
    const file = spec(true);
    const r = await cli('compile', file);
    // THEN
    expect(loadSpecFile(file).tasks[0].acknowledgeSecrets).toStrictEqual([{ field: 'environment.API_KEY', reason: 'the documented Stripe test-mode sample key, not a credential' }]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).StartAt).toEqual(expect.any(String));
  });
});
