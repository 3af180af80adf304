import { GraphError } from '../../lib/model/errors';
import { findCycles, formatCycle, validateGraph } from '../../lib/graph/validate';

const dag = (tasks: [string, string[]][]) => ({ source: 'etl.yaml', tasks: tasks.map(([id, dependsOn]) => ({ id, dependsOn, durationSeconds: 1 })) });

function problems(tasks: [string, string[]][]): string[] {
  try {
    validateGraph(dag(tasks));
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(GraphError);
    return (e as GraphError).message.split('\n');
  }
}

describe('validateGraph', () => {
  test('a valid DAG passes', () => {
    expect(problems([['a', []], ['b', ['a']], ['c', ['a', 'b']]])).toStrictEqual([]);
  });

  test('every problem is reported at once, each naming the file and the task', () => {
    // GIVEN a duplicate, a typo, a self-dependency and a cycle
    const out = problems([
      ['extract_orders', []], ['extract_orders', []],
      ['transform', ['extract_odrers']],
      ['self', ['self']],
      ['load', ['report']], ['report', ['load']],
    ]);
    // THEN
    expect(out).toStrictEqual([
      'etl.yaml: task "extract_orders": id: duplicate task id (tasks[0] and tasks[1] are both "extract_orders")',
      'etl.yaml: task "transform": dependsOn: dependsOn names unknown task "extract_odrers" (did you mean "extract_orders"?)',
      'etl.yaml: task "self": dependsOn: a task cannot depend on itself',
      'etl.yaml: task "load": dependsOn: cycle: load → report → load',
    ]);
  });

  test('a cycle is printed as its path from its alphabetically smallest task', () => {
    expect(problems([['c', ['b']], ['a', ['c']], ['b', ['a']], ['x', []]])).toStrictEqual([
      'etl.yaml: task "a": dependsOn: cycle: a → b → c → a',
    ]);
  });

  test('each strongly connected component is reported once, in run order (a task before its dependents)', () => {
    // GIVEN two separate cycles
    const cycles = findCycles(dag([['a', ['b']], ['b', ['a']], ['p', ['q']], ['q', ['r']], ['r', ['p']]]));
    // THEN
    expect(cycles.map(formatCycle)).toStrictEqual(['a → b → a', 'p → r → q → p']);
  });

  test('deep chains do not overflow the stack', () => {
    const tasks: [string, string[]][] = Array.from({ length: 20000 }, (_, i) => [`t${i}`, i === 0 ? ['t19999'] : [`t${i - 1}`]]);
    expect(findCycles(dag(tasks))[0].length).toBe(20001);
  });
});
