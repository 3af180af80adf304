import { MAX_SPEC_DEPTH, specShapeProblem } from '../../lib/model/spec-shape';

describe('specShapeProblem', () => {
  test('a normal spec has no problem', () => {
    // GIVEN / WHEN / THEN
    expect(specShapeProblem({ name: 'a', tasks: [{ id: 'a', map: { itemsPath: '$.x', itemReader: { bucket: 'b', key: 'k' } } }] })).toBeUndefined();
  });

  test('a cycle names where it closes', () => {
    // GIVEN tasks: &t [{id: a, description: *t}]
    const tasks: unknown[] = [];
    tasks.push({ id: 'a', description: tasks });
    // WHEN / THEN
    expect(specShapeProblem({ name: 'c', tasks })).toStrictEqual({ field: 'tasks[0].description', message: 'refers to itself (a YAML alias inside its own anchor makes a cycle); expected plain data' });
  });

  test('5,000 levels of nesting stop at the limit without overflowing the stack', () => {
    // GIVEN
    let v: unknown = 'x';
    for (let i = 0; i < 5000; i++) v = [v];
    // WHEN
    const p = specShapeProblem({ tasks: [{ id: 'a', description: v }] });
    // THEN
    expect(p?.message).toBe(`nested deeper than ${MAX_SPEC_DEPTH} levels; expected a flat workflow spec`);
    expect(p?.field.startsWith('tasks[0].description[0][0]')).toBe(true);
  });

  test('a shared (aliased) value that is not a cycle is fine', () => {
    // GIVEN the same object under two tasks / WHEN / THEN
    const env = { A: '1' };
    expect(specShapeProblem({ tasks: [{ id: 'a', environment: env }, { id: 'b', environment: env }] })).toBeUndefined();
  });
});
