import * as path from 'path';
import { App, CfnResource } from 'aws-cdk-lib';
import { WorkflowStack, WorkflowStackProps } from '../../lib/constructs/workflow-stack';
import { loadSpecFile } from '../../lib/model/spec-loader';
import type { WorkflowModel } from '../../lib/model/types';
import { EXAMPLES } from '../../examples';
import { task, workflow } from '../support/models';

/**
 * CDK's built-in CloudFormation validation over every kind of stack dagstep makes, with findings
 * as errors (the `@aws-cdk/core:validateAgainstDefaultRules` flag: synth then throws on any).
 * The other tests switch the validation off (test/support/setup-env.js): it only warns there.
 */
describe('CloudFormation validation of the templates', () => {
  const saved = process.env.CDK_VALIDATION;
  beforeAll(() => { delete process.env.CDK_VALIDATION; });
  afterAll(() => { process.env.CDK_VALIDATION = saved; });

  const synth = (model: WorkflowModel, props: Partial<WorkflowStackProps> = {}) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': true } });
    new WorkflowStack(app, undefined, { model, ...props });
    return () => app.synth();
  };
  const chain = (n: number) => Array.from({ length: n }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`], { sideEffects: 'none' }));

  test.each(EXAMPLES.map((e) => [e.name, e]))('GIVEN the %s example (schedule, concurrency, canary, triggers) WHEN synthesized THEN no finding', (_n, e) => {
    expect(synth(e.load())).not.toThrow();
  });

  test('GIVEN every task kind WHEN synthesized THEN no finding', () => {
    expect(synth(loadSpecFile(path.resolve(__dirname, '../fixtures/kinds/kinds.yaml')))).not.toThrow();
  });

  test('GIVEN nested child state machines WHEN synthesized THEN no finding', () => {
    expect(synth(workflow('deep', chain(80)), { maxTasksPerStateMachine: 16 })).not.toThrow();
  });

  test('GIVEN cross-branch waits (exact layout, coordination table) WHEN synthesized THEN no finding', () => {
    const tasks = [task('a'), task('b'), task('c', ['a']), task('d', ['a', 'b'])];
    expect(synth(workflow('waits', tasks), { layout: 'exact' })).not.toThrow();
  });

  test('GIVEN a template with a CloudFormation error WHEN synthesized THEN the validation does fail (it runs)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const stack = new WorkflowStack(app, undefined, { model: workflow('bad', chain(2)) });
    new CfnResource(stack, 'Bad', { type: 'AWS::SQS::Queue', properties: { Bogus: 1 } }); // no such property
    expect(() => app.synth()).toThrow(/Bogus: Additional properties are not allowed/);
  });
});
