import { defaultLayout, DEFAULT_MAX_TASKS_PER_STATE_MACHINE, planWorkflow } from '../../lib/compile/plan-workflow';
import { CompileError, GraphError } from '../../lib/model/errors';
import { task, workflow } from '../support/models';

function problemsOf(fn: () => unknown, type: typeof CompileError | typeof GraphError): unknown {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(type);
    return (e as CompileError).problems;
  }
  throw new Error('expected an error');
}

describe('planWorkflow', () => {
  test('fallback-only tasks are excluded from the plan and kept by id', () => {
    // GIVEN a → b where b falls back to fb
    const model = workflow('wf', [task('a'), task('b', ['a'], { fallback: 'fb' }), task('fb')]);
    // WHEN planned
    const wp = planWorkflow(model);
    // THEN
    expect(wp.model).toBe(model);
    expect([...wp.fallbackOnly]).toStrictEqual(['fb']);
    expect([...wp.taskById.keys()]).toStrictEqual(['a', 'b', 'fb']);
    expect(wp.plan.root).toStrictEqual({ kind: 'seq', children: [{ kind: 'task', id: 'a' }, { kind: 'task', id: 'b' }] });
    expect(wp.plan.crossEdges).toStrictEqual([]);
  });

  test('the layout mode comes from the argument, else the model', () => {
    // GIVEN a model asking for the naive layout / WHEN planned / THEN
    const model = workflow('wf', [task('a'), task('b')], { layout: 'naive' });
    expect(planWorkflow(model).plan.strategy).toBe(planWorkflow(model, 'naive').plan.strategy);
    expect(planWorkflow(model).plan.root).toStrictEqual({ kind: 'par', branches: [{ kind: 'task', id: 'a' }, { kind: 'task', id: 'b' }] });
  });

  test('graph errors come first', () => {
    // GIVEN a cycle / WHEN / THEN
    const problems = problemsOf(() => planWorkflow(workflow('wf', [task('a', ['b']), task('b', ['a'])])), GraphError) as { message: string }[];
    expect(problems.map((p) => p.message)).toStrictEqual(['cycle: a → b → a']);
  });

  test('a task that is its own fallback', () => {
    // GIVEN b falls back to itself / WHEN planned
    const problems = problemsOf(() => planWorkflow(workflow('wf', [task('b', [], { fallback: 'b' })])), CompileError);
    // THEN both the self reference and the fallback-of-a-fallback rule are reported
    expect(problems).toStrictEqual([
      { file: 'test/wf.yaml', taskId: 'b', field: 'fallback', message: 'a task cannot be its own fallback' },
      { file: 'test/wf.yaml', taskId: 'b', field: 'fallback', message: 'a fallback task cannot have a fallback of its own' },
    ]);
  });

  test('every other fallback rule has its exact message', () => {
    // GIVEN a model breaking each fallback rule
    const model = workflow('wf', [
      task('a', [], { fallback: 'zz' }),
      task('c', [], { fallback: 'fb' }),
      task('d', [], { fallback: 'fb' }),
      task('fb', ['a'], { fallback: 'fb2', map: { itemsPath: '$.x' } }),
      task('fb2'),
      task('e', ['fb']),
    ]);
    // WHEN planned
    const problems = problemsOf(() => planWorkflow(model), CompileError);
    // THEN
    const file = 'test/wf.yaml';
    expect(problems).toStrictEqual([
      { file, taskId: 'a', field: 'fallback', message: 'names unknown task "zz"' },
      { file, taskId: 'd', field: 'fallback', message: '"fb" is already the fallback of "c"; give each task its own fallback task' },
      { file, taskId: 'fb', field: 'dependsOn', message: 'a fallback task runs in place of "d" with its dependencies\' results; expected no dependsOn, received [a]' },
      { file, taskId: 'fb', field: 'fallback', message: 'a fallback task cannot have a fallback of its own' },
      { file, taskId: 'fb', field: 'map', message: 'a fallback task cannot be a map task' },
      { file, taskId: 'e', field: 'dependsOn', message: 'depends on "fb", which is a fallback task and runs only when "d" fails; depend on "d" instead' },
    ]);
  });
});

describe('the default layout', () => {
  test('balanced for a workflow that fits one state machine, sp for one split into child machines', () => {
    // GIVEN 10 and 301 tasks (more than 300 per state machine are split)
    const small = workflow('s', Array.from({ length: 10 }, (_, i) => task(`t${i}`)));
    const big = workflow('b', Array.from({ length: 301 }, (_, i) => task(`t${i}`)));
    // WHEN / THEN
    expect([defaultLayout(small), defaultLayout(big), defaultLayout(big, 1000), defaultLayout({ ...big, layout: 'exact' })])
      .toStrictEqual(['balanced', 'sp', 'balanced', 'exact']);
    expect(DEFAULT_MAX_TASKS_PER_STATE_MACHINE).toBe(300);
  });

  test('planning without a mode and then with the default mode gives the same plan (check, then compile)', () => {
    // GIVEN a 301-task model planned the way `dagstep check` does (no mode)
    const big = workflow('b', Array.from({ length: 301 }, (_, i) => task(`t${i}`, i % 3 === 0 || i === 0 ? [] : [`t${i - 1}`, 't0'])));
    const first = planWorkflow(big);
    // WHEN the construct plans it with the mode it defaults to
    const second = planWorkflow(big, defaultLayout(big));
    // THEN it is the sp plan, with no cross-branch waits
    expect(second).toBe(first);
    expect(first.plan.crossEdges).toStrictEqual([]);
  });
});
