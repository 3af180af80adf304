import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Workflow } from '../../lib/constructs/workflow';
import { testApp } from '../../lib/testing/app';
import { task, workflow } from '../support/models';

/** Runs `fn` with the test environment's setting of `name` (test/support/setup-env.js) out of the way. */
function withoutEnv(name: string, fn: () => void): void {
  const saved = process.env[name];
  delete process.env[name];
  try {
    fn();
  } finally {
    if (saved !== undefined) process.env[name] = saved;
  }
}

describe('testApp', () => {
  test('skips bundling and keeps the caller context', () => {
    // GIVEN / WHEN
    const app = testApp({ context: { mine: 'yes' } });
    // THEN
    expect(app.node.tryGetContext('aws:cdk:bundling-stacks')).toStrictEqual([]);
    expect(app.node.tryGetContext('mine')).toBe('yes');
  });

  test('records no stack traces in construct metadata unless the caller asks for them', () => {
    // GIVEN the test environment's CDK_DISABLE_STACK_TRACE out of the way
    withoutEnv('CDK_DISABLE_STACK_TRACE', () => {
      // WHEN
      const quiet = new Stack(testApp(), 'S');
      const traced = new Stack(testApp({ context: { 'aws:cdk:disable-stack-trace': false } }), 'S');
      for (const s of [quiet, traced]) Annotations.of(s).addWarningV2('dagstep:test', 'a warning');
      // THEN
      const mine = (s: Stack) => s.node.metadata.filter((m) => m.type === 'aws:cdk:warning');
      expect(mine(quiet).map((m) => m.trace)).toStrictEqual([undefined]);
      expect(mine(traced)[0].trace?.length).toBeGreaterThan(0);
    });
  });

  test('records no creation stack traces on resources unless the caller asks for them', () => {
    // GIVEN the test environment's CDK_CONTEXT_JSON (which sets the same context) out of the way
    withoutEnv('CDK_CONTEXT_JSON', () => {
      // WHEN
      const quiet = new Stack(testApp(), 'S');
      const traced = new Stack(testApp({ context: { 'aws:cdk:disable-creation-stack-traces': false } }), 'S');
      const resources = [quiet, traced].map((s) => new CfnResource(s, 'Queue', { type: 'AWS::SQS::Queue' }));
      // THEN
      const traces = resources.map((r) => r.node.metadata.filter((m) => m.type === 'aws:cdk:creationStack').length);
      expect(traces).toStrictEqual([0, 1]);
      expect(Template.fromStack(quiet).toJSON()).toStrictEqual(Template.fromStack(traced).toJSON());
    });
  });

  test('a workflow with a real handler synthesizes without running esbuild', () => {
    // GIVEN a handler whose bundling would fail (the file does not exist)
    const stack = new Stack(testApp(), 'S');
    new Workflow(stack, 'Wf', { model: workflow('w', [task('a')]), observability: false });
    // WHEN
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    // THEN the task's function, the dead-letter guard's and its sweep's, none bundled
    expect(Object.keys(functions)).toStrictEqual([
      expect.stringMatching(/^WfPassthroughFunction/), expect.stringMatching(/^WfDeadLetterGuardFunction/), expect.stringMatching(/^WfDeadLetterGuardSweep/),
    ]);
  });
});
