import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { handlerOf, PASSTHROUGH_HANDLER } from '../../lib/constructs/functions';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { CompileError } from '../../lib/model/errors';
import type { WorkflowModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';
import { nightlyBatch } from '../../examples/nightly-batch/workflow';

const HANDLERS = path.resolve(__dirname, '../../examples/etl/handlers');
const EXTRACT = path.join(HANDLERS, 'extract.ts');
const LOAD = path.join(HANDLERS, 'load.ts');

const stackOf = (model: WorkflowModel) =>
  new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), undefined, { model, observability: false });

function problemsOf(fn: () => unknown): unknown {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return (e as CompileError).problems;
  }
  throw new Error('expected a CompileError');
}

describe('task functions', () => {
  test('handlerOf: the task handler, else the pass-through', () => {
    // GIVEN / WHEN / THEN
    expect(handlerOf(task('a', [], { handler: EXTRACT }))).toBe(EXTRACT);
    expect(handlerOf(task('a'))).toBe(PASSTHROUGH_HANDLER);
  });

  test('one function per distinct handler, with the merged environment of its tasks', () => {
    // GIVEN four tasks over three handlers (two pass-through)
    const stack = stackOf(workflow('fns', [
      task('a', [], { handler: EXTRACT, sideEffects: 'none', environment: { A: '1' } }),
      task('b', ['a'], { handler: EXTRACT, sideEffects: 'none', environment: { A: '1', B: '2' } }),
      task('c', ['b'], { handler: LOAD, sideEffects: 'none' }),
      task('d', ['c'], { sideEffects: 'none' }),
      task('e', ['c'], { sideEffects: 'none' }),
    ]));
    // WHEN synthesized
    const template = Template.fromStack(stack);
    // THEN
    expect(stack.workflow.functions.map((f) => [f.handler, [...f.taskIds]])).toStrictEqual([
      [EXTRACT, ['a', 'b']], [LOAD, ['c']], [PASSTHROUGH_HANDLER, ['d', 'e']],
    ]);
    // (three task functions, the workflow's dead-letter guard and its sweep)
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'dagstep fns: a, b',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'fns', POWERTOOLS_METRICS_NAMESPACE: 'dagstep', DAGSTEP_WORKFLOW: 'fns', A: '1', B: '2' }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: 'dagstep fns: d, e', Timeout: 60 });
  });

  test('a function\'s timeout never exceeds the state timeout of a task it serves: nightly-batch publish_report gets its own', () => {
    // GIVEN the nightly batch, whose flaky-step handler serves tasks with timeouts 240 … 800 s
    const stack = stackOf(nightlyBatch());
    // WHEN
    const definition = stack.workflow.renderedDefinition(stack.workflow.stateMachine) as { States: Record<string, { TimeoutSeconds?: number }> };
    const timeoutOf = (fn: { fn: { timeout?: { toSeconds(): number } } }) => fn.fn.timeout!.toSeconds();
    // THEN every function's timeout equals the state timeout of every task it serves
    const served = stack.workflow.functions.flatMap((f) => f.taskIds.map((t) => [t, timeoutOf(f)]));
    const states = served.map(([t]) => [t, definition.States[t as string]?.TimeoutSeconds ?? stack.workflow.plan.taskById.get(t as string)!.timeoutSeconds]);
    expect(served).toStrictEqual(states);
    expect(served.find(([t]) => t === 'publish_report')).toStrictEqual(['publish_report', 80]);
    expect(stack.workflow.functions.find((f) => f.taskIds.includes('publish_report'))!.taskIds).toStrictEqual(['publish_report']);
  });

  test('tasks sharing a handler with conflicting environments is a CompileError', () => {
    // GIVEN two tasks of one handler setting A differently / WHEN / THEN
    const model = workflow('conflict', [
      task('a', [], { handler: EXTRACT, sideEffects: 'none', environment: { A: '1' } }),
      task('b', ['a'], { handler: EXTRACT, sideEffects: 'none', environment: { A: '2' } }),
    ]);
    expect(problemsOf(() => stackOf(model))).toStrictEqual([{
      file: 'test/conflict.yaml', taskId: 'b', field: 'environment.A',
      message: 'tasks "a" and "b" share the handler extract.ts (one function) but set A to different values ("1" vs "2")',
    }]);
  });

  test('a conflict between pass-through tasks names the pass-through handler', () => {
    // GIVEN two pass-through tasks with conflicting environments / WHEN / THEN
    const model = workflow('conflict', [
      task('a', [], { sideEffects: 'none', environment: { A: '1' } }),
      task('b', ['a'], { sideEffects: 'none', environment: { A: '2' } }),
    ]);
    expect(problemsOf(() => stackOf(model))).toStrictEqual([{
      file: 'test/conflict.yaml', taskId: 'b', field: 'environment.A',
      message: 'tasks "a" and "b" share the handler passthrough.ts (one function) but set A to different values ("1" vs "2")',
    }]);
  });
});

describe('the pass-through function', () => {
  test('serves every pass-through task whatever its timeout, with the shortest timeout (one function, not one per timeout)', () => {
    // GIVEN three pass-through tasks with three different derived timeouts (60 s, 90 s, 300 s)
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new WorkflowStack(app, 'Pt', { model: workflow('pt', [task('a'), task('b', [], { durationSeconds: 30 }), task('c', [], { durationSeconds: 100 })]) });
    // WHEN synthesized
    const fns = stack.workflow.functions;
    // THEN one function serves all three, and its timeout is the shortest state timeout
    expect(fns.map((f) => [...f.taskIds])).toStrictEqual([['a', 'b', 'c']]);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Description: 'dagstep pt: a, b, c', Timeout: 60 });
  });
});
