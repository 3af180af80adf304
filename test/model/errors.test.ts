import { CompileError, formatProblem, GraphError, isUserError, SpecError } from '../../lib/model/errors';

describe('formatProblem', () => {
  test('file, task and field are joined by ": "', () => {
    // GIVEN a problem with every part
    // WHEN formatted
    const s = formatProblem({ file: 'a.yaml', taskId: 't1', field: 'dependsOn', message: 'expected an array' });
    // THEN
    expect(s).toBe('a.yaml: task "t1": dependsOn: expected an array');
  });

  test('optional parts are left out', () => {
    // GIVEN problems without task or field
    // WHEN / THEN
    expect(formatProblem({ file: 'a.yaml', message: 'bad' })).toBe('a.yaml: bad');
    expect(formatProblem({ file: 'a.yaml', field: 'name', message: 'bad' })).toBe('a.yaml: name: bad');
    expect(formatProblem({ file: 'a.yaml', taskId: 'x', message: 'bad' })).toBe('a.yaml: task "x": bad');
  });
});

describe('error classes', () => {
  test('one problem or several: message is one line per problem; name and problems kept', () => {
    // GIVEN two problems
    const p1 = { file: 'f', message: 'one' };
    const p2 = { file: 'f', taskId: 't', message: 'two' };
    // WHEN errors are built
    const spec = new SpecError([p1, p2]);
    const graph = new GraphError(p1);
    const compile = new CompileError(p2);
    // THEN
    expect(spec.message).toBe('f: one\nf: task "t": two');
    expect(spec.name).toBe('SpecError');
    expect(spec.problems).toStrictEqual([p1, p2]);
    expect(graph.name).toBe('GraphError');
    expect(graph.problems).toStrictEqual([p1]);
    expect(compile.name).toBe('CompileError');
    expect(compile.message).toBe('f: task "t": two');
  });
});

describe('isUserError', () => {
  test('true for dagstep errors, false for anything else', () => {
    // GIVEN user errors and other values
    // WHEN / THEN
    expect(isUserError(new SpecError({ file: 'f', message: 'm' }))).toBe(true);
    expect(isUserError(new GraphError({ file: 'f', message: 'm' }))).toBe(true);
    expect(isUserError(new CompileError({ file: 'f', message: 'm' }))).toBe(true);
    expect(isUserError(new Error('m'))).toBe(false);
    expect(isUserError(new TypeError('m'))).toBe(false);
    expect(isUserError('SpecError')).toBe(false);
    expect(isUserError(undefined)).toBe(false);
  });
});
