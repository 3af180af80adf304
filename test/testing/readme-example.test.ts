import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addSecurityChecks, loadSpecFile, Workflow } from 'dagstep';
import { catcherFor, definitionOf, findTaskState, retrierFor, runLocally, testApp } from 'dagstep/testing';

const SPEC = 'examples/etl/etl.yaml'; // from the project root, where jest runs
const INPUT = { date: '2026-11-24', records: 25 };

describe('the etl workflow', () => {
  test('retries a transient error of extract_orders, then fails the execution there (the guard dead-letters it)', () => {
    // GIVEN the workflow in a stack, synthesized without bundling
    const app = testApp();
    const stack = new Stack(app, 'Etl');
    new Workflow(stack, 'Etl', { model: loadSpecFile(SPEC) });
    // WHEN
    const asl = definitionOf(Template.fromStack(stack));
    // THEN
    expect(findTaskState(asl, 'extract_orders')).toMatchObject({ Type: 'Task', TimeoutSeconds: 120 });
    expect(retrierFor(asl, 'extract_orders', 'TransientError')).toMatchObject({ MaxAttempts: 5, BackoffRate: 2 });
    // a required task catches nothing: the execution fails at it, and a redrive re-runs exactly it
    expect(() => catcherFor(asl, 'extract_orders', 'TransientError')).toThrow('task "extract_orders": no Catch rule matches TransientError (rules: none)');
  });

  test('recovers from two transient failures', async () => {
    // GIVEN / WHEN extract_orders fails twice with a TransientError
    const run = await runLocally(SPEC, { input: INPUT, faults: ['extract_orders=transient:2'] });
    // THEN
    expect(run.status).toBe('SUCCEEDED');
    expect(run.tasks.extract_orders).toStrictEqual({ status: 'SUCCEEDED', attempts: 3 });
    expect(run.deadLetters).toStrictEqual([]);
  });

  test('sends a validation error of transform to the dead-letter queue', async () => {
    // GIVEN / WHEN transform always fails with a ValidationError (not retried)
    const run = await runLocally(SPEC, { input: INPUT, faults: ['transform=validation'] });
    // THEN
    expect(run.status).toBe('FAILED');
    expect(run.tasks.transform).toStrictEqual({ status: 'FAILED', attempts: 1 });
    expect(run.deadLetters).toMatchObject([{ taskId: 'transform', error: 'ValidationError' }]);
  });

  test('passes cdk-nag (AWS Solutions)', () => {
    // GIVEN the checks on the app
    const app = testApp();
    addSecurityChecks(app);
    new Workflow(new Stack(app, 'Etl'), 'Etl', { model: loadSpecFile(SPEC) });
    // WHEN / THEN a finding would fail the synth
    expect(() => app.synth()).not.toThrow();
  });
});
