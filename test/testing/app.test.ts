import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Workflow } from '../../lib/constructs/workflow';
import { testApp } from '../../lib/testing/app';
import { task, workflow } from '../support/models';

describe('testApp', () => {
  test('skips bundling and keeps the caller context', () => {
    // GIVEN / WHEN
    const app = testApp({ context: { mine: 'yes' } });
    // THEN
    expect(app.node.tryGetContext('aws:cdk:bundling-stacks')).toStrictEqual([]);
    expect(app.node.tryGetContext('mine')).toBe('yes');
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
