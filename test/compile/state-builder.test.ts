import { CompileError } from '../../lib/model/errors';
import type { Plan, PlanNode } from '../../lib/graph/plan';
import { taskIds } from '../../lib/compile/state-builder';
import { task, workflow } from '../support/models';
import { DLQ_URL, FN_ARN, renderStates } from '../support/render-states';
import { catchInto, IN_PROGRESS_RETRY_60, SEND_RETRY } from '../support/failure-asl';
import * as path from 'path';
import { compileDefinition } from '../../lib/constructs/render-asl';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { validateAsl } from '../support/asl';
import { allStates, AslMachine } from '../../lib/compile/checks/asl-walk';

const t = (id: string): PlanNode => ({ kind: 'task', id });
const seq = (...children: PlanNode[]): PlanNode => ({ kind: 'seq', children });
const par = (...branches: PlanNode[]): PlanNode => ({ kind: 'par', branches });
const plan = (root: PlanNode): Plan => ({ root, strategy: 'test', crossEdges: [] });

const RETRY = [IN_PROGRESS_RETRY_60, {
  ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, MaxDelaySeconds: 10, JitterStrategy: 'FULL',
}];
const context = (taskId: string) => ({
  workflow: 'w', 'executionId.$': '$$.Execution.Id', taskId, 'attempt.$': '$$.State.RetryCount',
});

describe('StateBuilder', () => {
  // GIVEN a diamond a → (b, c) → d laid out as a, (b | c), d
  const diamond = workflow('w', [task('a'), task('b', ['a']), task('c', ['a'], { optional: true }), task('d', ['b', 'c'])]);
  const asl = renderStates(diamond, plan(seq(t('a'), par(t('b'), t('c')), t('d'))));

  test('the state starts as {input, results} and ends as {results}', () => {
    // THEN
    expect(asl.StartAt).toBe('dagstep.init');
    expect(asl.States['dagstep.init']).toStrictEqual({
      Type: 'Pass', Comment: 'dagstep: the state is {input, results}',
      Parameters: { 'input.$': '$', results: {} }, Next: 'a',
    });
    expect(asl.States['dagstep.output']).toStrictEqual({
      Type: 'Pass', Comment: 'dagstep: gathers every task result into {results}',
      Parameters: { results: { 'a.$': '$.results.a', 'b.$': '$.parallel1.b', 'c.$': '$.parallel1.c', 'd.$': '$.results.d' } },
      End: true,
    });
  });

  test('a task is one Lambda invocation named the task id, with retry and timeout, and no catch (it fails where a redrive re-runs it)', () => {
    // THEN
    expect(asl.States.a).toStrictEqual({
      Type: 'Task',
      Resource: FN_ARN,
      Parameters: { 'input.$': '$.input', results: {}, context: context('a') },
      ResultPath: '$.results.a',
      TimeoutSeconds: 60,
      Retry: RETRY,
      Next: 'dagstep.parallel.1',
    });
  });

  test('a task receives only its dependencies\' results, wherever they are', () => {
    // THEN
    expect(asl.States.d.Parameters).toStrictEqual({
      'input.$': '$.input', results: { 'b.$': '$.parallel1.b', 'c.$': '$.parallel1.c' }, context: context('d'),
    });
  });

  test('a Parallel hands branches only what they need and collects what they produce', () => {
    // WHEN
    const p = asl.States['dagstep.parallel.1'];
    // THEN
    expect(p.Parameters).toStrictEqual({ 'input.$': '$.input', results: { 'a.$': '$.results.a' } });
    expect(p.ResultSelector).toStrictEqual({ 'b.$': '$[0].results.b', 'c.$': '$[1].results.c' });
    expect(p.ResultPath).toBe('$.parallel1');
    expect(p.Next).toBe('d');
    expect(p.Branches.map((b: any) => b.StartAt)).toStrictEqual(['b', 'c']);
    expect(p.Catch).toBeUndefined();
    expect(p.Retry).toBeUndefined();
  });

  test('a required task\'s unrecoverable failure is not caught: the definition has no letter path and no Fail of its own', () => {
    // WHEN
    const all = allStates(asl as unknown as AslMachine).map((s) => `${s.name}:${s.state.Type}`);
    // THEN the required tasks a, b and d have neither a `.failed` Pass nor a shared send / Fail:
    // the execution fails at the task (the guard letters it); only optional c sends its own letter
    expect(all).toStrictEqual([
      'dagstep.init:Pass', 'a:Task', 'dagstep.parallel.1:Parallel', 'b:Task',
      'c:Task', 'c.failed:Pass', 'c.deadLetter:Task', 'c.recorded:Pass', 'c.undeliverable:Fail',
      'd:Task', 'dagstep.output:Pass',
    ]);
    expect([asl.States.a.Catch, asl.States.d.Catch]).toStrictEqual([undefined, undefined]);
  });

  test('a branch holds only its own states (states cannot leave a branch), none for a required task\'s letter', () => {
    // WHEN
    const [b, c] = asl.States['dagstep.parallel.1'].Branches.map((x: any) => x.States);
    // THEN
    expect(Object.keys(b)).toStrictEqual(['b']);
    expect(b.b.Catch).toBeUndefined();
    expect(Object.keys(c).sort()).toStrictEqual(['c', 'c.deadLetter', 'c.failed', 'c.recorded', 'c.undeliverable']);
    expect(c['c.failed'].Output).toContain('$r := {"a": $states.input.`results`.`a`}');
  });

  test('an optional task records its failure, dead-letters it, and the workflow goes on', () => {
    // WHEN
    const c = asl.States['dagstep.parallel.1'].Branches[1].States;
    // THEN
    expect(c.c.Catch).toStrictEqual(catchInto('c.failed'));
    expect(c['c.failed'].Type).toBe('Pass');
    expect(c['c.failed'].QueryLanguage).toBe('JSONata');
    expect(c['c.failed'].Next).toBe('c.deadLetter');
    expect(c['c.deadLetter']).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:${AWS::Partition}:states:::sqs:sendMessage',
      Parameters: { QueueUrl: DLQ_URL, 'MessageBody.$': '$.deadLetter' },
      ResultPath: null,
      Retry: SEND_RETRY,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.sendFailure', Next: 'c.undeliverable' }],
      Next: 'c.recorded',
    });
    expect(c['c.recorded']).toStrictEqual({
      Type: 'Pass', ResultPath: '$.results.c',
      Parameters: { failed: true, 'error.$': '$.deadLetter.error', 'cause.$': '$.deadLetter.cause' },
      End: true,
    });
  });

  test('nested Parallels keep results where the outer one can collect them', () => {
    // GIVEN (a | (b ; (c | d))) ; e
    const model = workflow('w', [task('a'), task('b'), task('c', ['b']), task('d', ['b']), task('e', ['a', 'c', 'd'])]);
    // WHEN
    const out = renderStates(model, plan(seq(par(t('a'), seq(t('b'), par(t('c'), t('d')))), t('e'))));
    // THEN
    const outer = out.States['dagstep.parallel.1'];
    expect(outer.Parameters).toStrictEqual({ 'input.$': '$.input', results: {} });
    expect(outer.ResultSelector).toStrictEqual({
      'a.$': '$[0].results.a', 'b.$': '$[1].results.b', 'c.$': '$[1].parallel2.c', 'd.$': '$[1].parallel2.d',
    });
    const inner = outer.Branches[1].States['dagstep.parallel.2'];
    expect(inner.Parameters).toStrictEqual({ 'input.$': '$.input', results: { 'b.$': '$.results.b' } });
    expect(out.States.e.Parameters.results).toStrictEqual({ 'a.$': '$.parallel1.a', 'c.$': '$.parallel1.c', 'd.$': '$.parallel1.d' });
  });

  test('a map task is a Map state named the task id, fanning out over a dependency\'s result', () => {
    // GIVEN
    const model = workflow('w', [task('list'), task('each', ['list'], { map: { itemsPath: '$.results.list.keys', maxConcurrency: 4 } })]);
    // WHEN
    const out = renderStates(model, plan(seq(t('list'), t('each'))));
    // THEN
    const m = out.States.each;
    expect(m.Type).toBe('Map');
    expect(m.ItemsPath).toBe('$.results.list.keys');
    expect(m.MaxConcurrency).toBe(4);
    expect(m.ResultPath).toBe('$.results.each');
    expect(m.ItemSelector).toStrictEqual({
      'input.$': '$.input', results: { 'list.$': '$.results.list' }, 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index',
    });
    expect(m.ItemProcessor.States['each.item']).toStrictEqual({
      Type: 'Task', Resource: FN_ARN,
      Parameters: {
        'input.$': '$.input', 'results.$': '$.results', 'item.$': '$.item',
        context: { ...context('each'), 'itemIndex.$': '$.index' },
      },
      ResultPath: '$', TimeoutSeconds: 60, Retry: RETRY, End: true,
    });
    // a required map catches nothing: one redrive re-runs only its failed iterations
    expect(m.Catch).toBeUndefined();
  });

  test('a map over the execution input reads it under $.input', () => {
    // GIVEN
    const model = workflow('w', [task('each', [], { map: { itemsPath: '$.orders' } })]);
    // WHEN
    const out = renderStates(model, plan(t('each')));
    // THEN
    expect(out.States.each.ItemsPath).toBe('$.input.orders');
    expect(out.States.each.MaxConcurrency).toBe(10);
  });

  test('a map over the result of a task it does not depend on is a compile error naming both', () => {
    // GIVEN
    const model = workflow('w', [task('list'), task('each', [], { map: { itemsPath: '$.results.list.keys' } })]);
    // WHEN / THEN
    expect(() => renderStates(model, plan(par(t('list'), t('each'))))).toThrow(CompileError);
    expect(() => renderStates(model, plan(par(t('list'), t('each'))))).toThrow(
      'test/w.yaml: task "each": map.itemsPath: itemsPath reads the result of "list", so "list" must be in dependsOn (dependsOn is [])');
  });

  test('a fallback runs in place of a failed task and its output becomes the task\'s result', () => {
    // GIVEN
    const model = workflow('w', [task('a'), task('b', ['a'], { fallback: 'b_cached' }), task('b_cached')]);
    // WHEN
    const out = renderStates(model, plan(seq(t('a'), t('b'))));
    // THEN the primary's failure is caught into `b.failed`, which prepares its letter, then the fallback runs
    expect(out.States.b.Catch).toStrictEqual(catchInto('b.failed'));
    expect(out.States['b.failed'].Next).toBe('b_cached');
    expect(out.States.b_cached).toStrictEqual({
      Type: 'Task', Resource: FN_ARN,
      Parameters: {
        'input.$': '$.input', results: { 'a.$': '$.results.a' }, context: context('b_cached'), 'failure.$': '$.failure',
      },
      ResultPath: '$.results.b', TimeoutSeconds: 60, Retry: RETRY,
      Next: 'b.rescued',
    });
    expect(out.States['b.rescued']).toStrictEqual({
      Type: 'Pass', Comment: 'dagstep: "b" failed and "b_cached" rescued it', ResultPath: '$.failure',
      Parameters: { rescued: true, taskId: 'b', fallback: 'b_cached', 'Error.$': '$.failure.Error', 'Cause.$': '$.failure.Cause' },
      Next: 'dagstep.output',
    });
    // AND the fallback's own failure is not caught: the execution fails at b_cached (a redrive re-runs
    // it alone) and the guard's letter is b's prepared one plus the fallback's error
    expect(Object.keys(out.States).sort()).toStrictEqual(['a', 'b', 'b.failed', 'b.rescued', 'b_cached', 'dagstep.init', 'dagstep.output']);
  });

  test('map mode distributed compiles to a Distributed Map with tolerated failures, or an S3 item reader', () => {
    // GIVEN
    const model = workflow('w', [
      task('list'),
      task('each', ['list'], { map: { itemsPath: '$.results.list.keys', mode: 'distributed', maxConcurrency: 100, toleratedFailurePercentage: 5, resultWriter: false } }),
      task('s3', [], { map: { itemsPath: '$', mode: 'distributed', resultWriter: false, itemReader: { bucket: 'my-bucket', key: 'items.json' } } }),
    ]);
    // WHEN
    const out = renderStates(model, plan(par(seq(t('list'), t('each')), t('s3'))));
    const [left, right] = out.States['dagstep.parallel.1'].Branches.map((b: any) => b.States);
    // THEN
    expect(left.each.ItemProcessor.ProcessorConfig).toStrictEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(left.each.ToleratedFailurePercentage).toBe(5);
    expect(left.each.MaxConcurrency).toBe(100);
    expect(left.each.ItemsPath).toBe('$.results.list.keys');
    expect(right.s3.ItemReader).toStrictEqual({
      Resource: 'arn:${AWS::Partition}:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'my-bucket', Key: 'items.json' },
    });
    expect(right.s3.ItemsPath).toBeUndefined();
  });

  test('taskIds lists a subtree in plan order', () => {
    expect(taskIds(seq(par(t('a'), seq(t('b'), t('c'))), t('d')))).toStrictEqual(['a', 'b', 'c', 'd']);
  });
});

describe('StateBuilder and task kinds', () => {
  test('each task is rendered by its kind, and a definition with every kind is valid ASL', () => {
    // GIVEN the fixture with one task of each kind
    const model = loadSpecFile(path.resolve(__dirname, '../fixtures/kinds/kinds.yaml'));
    // WHEN compiled as deployed
    const { definition } = compileDefinition(model);
    const states = Object.fromEntries(allStates(definition as unknown as AslMachine).map((s) => [s.name, s.state]));
    // THEN each task's state calls its integration
    expect({
      extract: states.extract.Resource, report: states.report.Resource, compact: states.compact.Resource, audit: states.audit.Resource,
      bill: states['bill.run'].Resource, summarize: states.summarize.Resource,
    }).toStrictEqual({
      extract: 'arn:${AWS::Partition}:states:::http:invoke',
      report: 'arn:${AWS::Partition}:states:::ecs:runTask.sync',
      compact: 'arn:${AWS::Partition}:states:::glue:startJobRun.sync',
      audit: 'arn:${AWS::Partition}:states:::aws-sdk:dynamodb:putItem',
      bill: 'arn:${AWS::Partition}:states:::states:startExecution.sync:2',
      summarize: expect.stringMatching(/^\$\{WorkflowsummarizeFunctionCurrentVersion[0-9A-Fa-f]+\}$/),
    });
    expect(validateAsl(definition)).toBe('');
  });
});
