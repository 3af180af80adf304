import { describe as describeValue, schemaProblems } from '../../lib/model/schema';

describe('schemaProblems', () => {
  test('a valid spec has no problems', () => {
    // GIVEN a minimal valid spec WHEN validated THEN nothing is reported
    expect(schemaProblems({ name: 'w', tasks: [{ id: 'a' }] }, 'w.json')).toStrictEqual([]);
  });

  test('task problems name the task id from the instance path', () => {
    // GIVEN a negative duration in the second task WHEN validated
    const problems = schemaProblems({ name: 'w', tasks: [{ id: 'a' }, { id: 'b', durationSeconds: -5 }] }, 'w.json');
    // THEN the problem names file, task and field, with what was received
    expect(problems.map((p) => [p.file, p.taskId, p.field, p.message.includes('-5')])).toStrictEqual([['w.json', 'b', 'durationSeconds', true]]);
  });

  test('a task without an id is named by its index', () => {
    // GIVEN a task with no id WHEN validated THEN it is called tasks[0]
    const problems = schemaProblems({ name: 'w', tasks: [{ durationSeconds: 1 }] }, 'w.json');
    expect(problems.map((p) => p.taskId)).toStrictEqual(['tasks[0]']);
  });

  test('unknown keys suggest the closest known key', () => {
    // GIVEN a misspelled map key WHEN validated THEN the closest key is suggested
    const problems = schemaProblems({ name: 'w', tasks: [{ id: 'a', map: { itemsPath: '$.x', maxConcurency: 2 } }] }, 'w.json');
    expect(problems.map((p) => [p.taskId, p.message.includes('did you mean "maxConcurrency"')])).toStrictEqual([['a', true]]);
  });
});

describe('describe', () => {
  test('shows a received value briefly with its type', () => {
    // GIVEN values of each kind WHEN described THEN each reads naturally
    expect([describeValue(undefined), describeValue(null), describeValue(-5), describeValue('x'), describeValue([1])])
      .toStrictEqual(['nothing', 'null', 'number -5', 'string "x"', 'an array [1]']);
  });
});
