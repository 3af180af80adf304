import { compileDefinition } from '../../lib/constructs/render-asl';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { task, workflow } from '../support/models';

describe('a workflow too big for one state machine', () => {
  // GIVEN 30 tasks: a chain t0 → … → t19 and a fan-out of 10 tasks after t4, at most 10 tasks per machine
  const tasks = [
    ...Array.from({ length: 20 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`], { durationSeconds: 2 })),
    ...Array.from({ length: 10 }, (_, i) => task(`f${i}`, ['t4'], { durationSeconds: 1 })),
  ];
  const model = workflow('big', tasks);
  const compiled = compileDefinition(model, { maxTasksPerStateMachine: 10 });

  test('is split into child state machines started with startExecution.sync:2, none running more than 10 tasks', () => {
    // THEN
    const children = Object.values(compiled.children);
    expect(children.length).toBeGreaterThanOrEqual(3);
    const count = (d: any): number => Object.entries<any>(d.States).reduce((n, [name, s]) =>
      n + (model.tasks.some((t) => t.id === name) ? 1 : 0) + (s.Branches ?? []).reduce((m: number, b: any) => m + count(b), 0), 0);
    for (const c of children) expect(count(c)).toBeLessThanOrEqual(10);
    const starts = JSON.stringify(compiled.definition).match(/states:::states:startExecution\.sync:2/g) ?? [];
    expect(starts.length).toBe(children.length);
  });

  test('runs locally with the same makespan, and outputs only the final tasks\' results', async () => {
    // WHEN
    const { summary } = await new LocalWorkflow(model, compiled).run({ keepHistory: false });
    // THEN the chain of 20 × 2 s is the critical path
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.makespanSeconds).toBe(40);
    expect(Object.keys((summary.output as { results: object }).results).sort()).toStrictEqual(
      ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 't19']);
    expect(Object.values(summary.tasks).every((t) => t.status === 'SUCCEEDED')).toBe(true);
  });
});

test('child machines started together at time 0 share the parent\'s clock (no second run loop)', async () => {
  // GIVEN three independent chains of 12 one-second tasks, at most 10 tasks per machine
  const tasks = ['a', 'b', 'c'].flatMap((c) => Array.from({ length: 12 }, (_, i) => task(`${c}${i}`, i === 0 ? [] : [`${c}${i - 1}`])));
  const model = workflow('wide', tasks);
  // WHEN
  const { summary } = await new LocalWorkflow(model, compileDefinition(model, { maxTasksPerStateMachine: 10 })).run({ keepHistory: false });
  // THEN
  expect([summary.status, summary.makespanSeconds]).toStrictEqual(['SUCCEEDED', 12]);
});


describe('a workflow whose machines would start too many children', () => {
  // GIVEN a chain of 80 one-second tasks, at most 16 per machine: children start children (three levels)
  const model = workflow('deep', Array.from({ length: 80 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`], { sideEffects: 'none' })));
  const compiled = compileDefinition(model, { maxTasksPerStateMachine: 16 });
  const starts = (d: unknown) => (JSON.stringify(d).match(/states:::states:startExecution\.sync:2/g) ?? []).length;

  test('the parent starts two machines, and every child machine starts at most two', () => {
    // THEN 8 child machines: 5 run tasks, 3 only start others
    const children = Object.values(compiled.children);
    expect(children.length).toBe(8);
    expect(starts(compiled.definition)).toBe(2);
    expect(children.map(starts).sort()).toStrictEqual([0, 0, 0, 0, 0, 2, 2, 2]);
    // AND a nested child passes on the root execution, so letters name it
    const nested = children.filter((c) => starts(c) > 0).map((c) => JSON.stringify(c));
    for (const text of nested) expect(text).toContain('"rootExecutionId.$":"$$.Execution.Input.rootExecutionId"');
  });

  test('runs locally with the same makespan and output', async () => {
    const { summary } = await new LocalWorkflow(model, compiled).run({ keepHistory: false });
    expect([summary.status, summary.makespanSeconds]).toStrictEqual(['SUCCEEDED', 80]);
    expect(Object.keys((summary.output as { results: object }).results)).toStrictEqual(['t79']);
    expect(Object.values(summary.tasks).every((t) => t.status === 'SUCCEEDED')).toBe(true);
  });

  test('a task failing three levels down fails the parent at its child step and gives exactly one letter, naming the task and the root execution', async () => {
    // WHEN t40 (in a grandchild of a child) fails on every attempt
    const { summary } = await new LocalWorkflow(model, compiled).run({ keepHistory: false, faults: [{ taskId: 't40', kind: 'permanent' }] });
    // THEN the root fails where a redrive resumes it (startExecution.sync: States.TaskFailed)
    expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'States.TaskFailed']);
    expect(summary.deadLetters).toHaveLength(1);
    const letter = summary.deadLetters[0] as { taskId: string; rootExecutionId: string; executionId: string };
    expect(letter.taskId).toBe('t40');
    expect(letter.executionId).not.toBe(letter.rootExecutionId);
    expect(letter.rootExecutionId).toMatch(/^arn:aws:states:local:000000000000:execution:deep:/);
    expect(letter.rootExecutionId).not.toMatch(/dagstep\.child/);
    expect(summary.tasks.t41.status).not.toBe('SUCCEEDED');
  });
});
