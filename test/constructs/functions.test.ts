import * as fs from 'fs';
import * as path from 'path';
import { App, AssetStaging, CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { handlerOf, PASSTHROUGH_HANDLER } from '../../lib/constructs/functions';
import { WorkflowStack } from '../../lib/constructs/workflow-stack';
import { CompileError } from '../../lib/model/errors';
import type { WorkflowModel } from '../../lib/model/types';
import { task, workflow } from '../support/models';
import { stateMachineStatements } from '../support/kind-stack';
import { nightlyBatch } from '../../examples/nightly-batch/workflow';
import { tempDir } from '../support/temp';

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

describe('each state machine version pins the code it runs', () => {
  // Bundled for real (local esbuild, no Docker): with bundling skipped CDK fingerprints an asset by
  // its construct path, so only a real bundle shows what a code-only deploy does.
  const project = () => {
    const dir = tempDir('dagstep-pin-');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"pin","version":"1.0.0"}');
    fs.writeFileSync(path.join(dir, 'package-lock.json'), '{"name":"pin","version":"1.0.0","lockfileVersion":3,"packages":{}}');
    // `npx --no-install esbuild` resolves in the handler's project: lend it dagstep's.
    fs.symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(dir, 'node_modules'));
    return dir;
  };
  const deploy = (handler: string, code: string) => {
    fs.writeFileSync(handler, code);
    // Each `cdk synth` is a new process; in one process CDK caches a staged asset by its source path.
    AssetStaging.clearAssetHashCache();
    const stack = new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': ['**'] } }), undefined, {
      model: workflow('pinned', [task('a', [], { handler })]), observability: false,
    });
    const template = Template.fromStack(stack);
    const [versionId] = Object.keys(template.findResources('AWS::Lambda::Version'));
    const definition = stack.workflow.renderedDefinition(stack.workflow.stateMachine) as { States: Record<string, { Resource?: string }> };
    const smVersion = Object.values(template.findResources('AWS::StepFunctions::StateMachineVersion'))[0] as { Properties: { Description: string } };
    return { template, versionId, resource: definition.States.a.Resource, smDescription: smVersion.Properties.Description };
  };
  let dir: string;
  beforeAll(() => { dir = project(); });

  test('a code-only change publishes a new Lambda version, changes the definition and so publishes a new state machine version; the old definition keeps the old code', () => {
    // GIVEN one workflow deployed twice, the second time with only the handler's code changed
    const handler = path.join(dir, 'handler.ts');
    const before = deploy(handler, 'export const handler = async () => ({ v: 1 });\n');
    // WHEN
    const after = deploy(handler, 'export const handler = async () => ({ v: 2 });\n');
    // THEN the Lambda version is a new resource (a new logical id: CloudFormation publishes it)...
    expect(before.versionId).toMatch(/^WorkflowaFunctionCurrentVersion/);
    expect(after.versionId).not.toBe(before.versionId);
    // ...each definition names its own version (rollback to the old state machine version runs the old code)...
    expect(before.resource).toBe(`\${${before.versionId}}`);
    expect(after.resource).toBe(`\${${after.versionId}}`);
    // ...so the definition changed and the state machine version's hash with it (canary / linear runs)
    expect(after.smDescription).not.toBe(before.smDescription);
    // ...and the old Lambda version is retained for in-flight executions, redrives and rollbacks
    after.template.hasResource('AWS::Lambda::Version', {
      Properties: { FunctionName: { Ref: Match.stringLikeRegexp('^WorkflowaFunction') } }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('task functions are invoked by qualified ARN', () => {
  test('the definition names the published version (Ref of AWS::Lambda::Version), and the role may invoke exactly that version', () => {
    // GIVEN
    const stack = stackOf(workflow('qualified', [task('a', [], { handler: EXTRACT }), task('b', ['a'])]));
    const template = Template.fromStack(stack);
    const versions = template.findResources('AWS::Lambda::Version');
    // WHEN
    const definition = stack.workflow.renderedDefinition(stack.workflow.stateMachine) as { States: Record<string, { Resource?: string }> };
    // THEN every task state invokes a version (an execution keeps the code its version names)
    const ids = Object.keys(versions).sort();
    expect(ids).toHaveLength(2);
    expect([definition.States.a.Resource, definition.States.b.Resource].sort()).toStrictEqual(ids.map((id) => `\${${id}}`));
    const functionOf = (v: unknown) => (v as { Properties: { FunctionName: { Ref: string } } }).Properties.FunctionName.Ref;
    expect(Object.values(versions).map(functionOf).sort())
      .toStrictEqual(stack.workflow.functions.map((f) => stack.getLogicalId(f.fn.node.defaultChild as CfnElement)).sort());
    // ...and the state machine role's invoke grant is on those qualified ARNs only (no `<arn>:*`)
    const invokes = stateMachineStatements(template).filter((s) => s.Action === 'lambda:InvokeFunction');
    expect(invokes.map((s) => (s.Resource as { Ref: string }).Ref).sort()).toStrictEqual(ids);
  });
});
