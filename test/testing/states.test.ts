import type { AslDefinition } from '../../lib/testing/definition';
import { catcherFor, findTaskState, retrierFor } from '../../lib/testing/states';

const TASK = (extra: object) => ({ Type: 'Task', Resource: 'arn', End: true, ...extra });
const ASL: AslDefinition = {
  StartAt: 'p',
  States: {
    p: {
      Type: 'Parallel', End: true,
      Branches: [
        { StartAt: 'a', States: { a: TASK({ Retry: [{ ErrorEquals: ['TransientError'], MaxAttempts: 5 }, { ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 }], Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'x' }, { ErrorEquals: ['States.ALL'], Next: 'a.failed' }] }) } },
        { StartAt: 'm', States: { m: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'm.item', States: { 'm.item': TASK({}) } } } } },
      ],
    },
  },
};

describe('findTaskState', () => {
  test('finds a state inside Parallel branches and Map item processors', () => {
    // GIVEN / WHEN / THEN
    expect(findTaskState(ASL, 'a').Type).toBe('Task');
    expect(findTaskState(ASL, 'm').Type).toBe('Map');
    expect(findTaskState(ASL, 'm.item')).toStrictEqual(TASK({}));
  });

  test('an unknown task names the states there are', () => {
    // GIVEN / WHEN / THEN
    expect(() => findTaskState(ASL, 'zz')).toThrow('task "zz": no state of that name in the definition (states: p, a, m, m.item)');
  });
});

describe('retrierFor / catcherFor', () => {
  test('the first rule that matches the error applies, as in Step Functions', () => {
    // GIVEN / WHEN / THEN
    expect(retrierFor(ASL, 'a', 'TransientError')).toStrictEqual({ ErrorEquals: ['TransientError'], MaxAttempts: 5 });
    expect(retrierFor(ASL, 'a', 'ValidationError')).toStrictEqual({ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 });
    expect(catcherFor(ASL, 'a', 'States.Timeout').Next).toBe('x');
    expect(catcherFor(ASL, 'a', 'ValidationError').Next).toBe('a.failed');
  });

  test('States.TaskFailed does not match States.Timeout', () => {
    // GIVEN / WHEN / THEN
    expect(() => retrierFor(ASL, 'a', 'States.Timeout')).toThrow('task "a": no Retry rule matches States.Timeout (rules: [TransientError] [States.TaskFailed])');
  });

  test('a task without rules says so', () => {
    // GIVEN / WHEN / THEN
    expect(() => catcherFor(ASL, 'm.item', 'Error')).toThrow('task "m.item": no Catch rule matches Error (rules: none)');
  });
});
