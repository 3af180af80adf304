import { WorkflowBuilder } from '../../lib/model/dsl';
import { runLocally } from '../../lib/testing/run-locally';
import { task, workflow } from '../support/models';

describe('runLocally', () => {
  test('runs a model with an injected fault given as text or object', async () => {
    // GIVEN a two-task workflow on the pass-through handler
    const model = workflow('w', [task('a'), task('b', ['a'])]);
    // WHEN a's first attempt fails transiently
    const fromText = await runLocally(model, { faults: ['a=transient:1'] });
    const fromObject = await runLocally(model, { faults: [{ taskId: 'a', kind: 'transient', times: 1 }] });
    // THEN the retry recovers it
    expect(fromText.status).toBe('SUCCEEDED');
    expect(fromText.tasks).toStrictEqual({ a: { status: 'SUCCEEDED', attempts: 2 }, b: { status: 'SUCCEEDED', attempts: 1 } });
    expect(fromObject.tasks).toStrictEqual(fromText.tasks);
    expect(fromText.execution.attempts.map((x) => [x.stateName, x.status])).toStrictEqual([['a', 'FAILED'], ['a', 'SUCCEEDED'], ['b', 'SUCCEEDED']]);
  });

  test('runs a DSL builder and a spec file', async () => {
    // GIVEN
    const wf = new WorkflowBuilder('dsl');
    wf.task('only');
    // WHEN
    const fromBuilder = await runLocally(wf, { input: { x: 1 } });
    const fromSpec = await runLocally('examples/five-step/five-step.json', { seed: 3 });
    // THEN
    expect(fromBuilder.tasks).toStrictEqual({ only: { status: 'SUCCEEDED', attempts: 1 } });
    expect(fromSpec.status).toBe('SUCCEEDED');
  });

  test('a DSL module path is refused with what to do instead', async () => {
    // GIVEN / WHEN / THEN
    await expect(runLocally('examples/nightly-batch/workflow.ts')).rejects.toThrow('runLocally takes a spec file (.json, .yaml, .yml); import a DSL module and pass its WorkflowBuilder or model instead');
  });
});
