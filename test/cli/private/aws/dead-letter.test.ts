import { describeLetter, parseDeadLetter } from '../../../../lib/cli/private/aws/dead-letter';

const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:etl:run-1';
const ROOT = 'arn:aws:states:eu-west-1:123456789012:execution:etl:root-1';

describe('parseDeadLetter', () => {
  test('the old shape reads as a task letter whose root is its own execution', () => {
    const d = parseDeadLetter(JSON.stringify({ workflow: 'etl', executionId: EXEC, taskId: 'load', error: 'E', input: { input: { a: 1 } }, timestamp: 't' }));
    expect(d).toStrictEqual({ workflow: 'etl', executionId: EXEC, rootExecutionId: EXEC, kind: 'task', taskId: 'load', stateName: null, error: 'E', cause: null,
      optional: false, input: { input: { a: 1 } }, truncated: false, timestamp: 't' });
  });

  test('the new shape keeps root, kind, failed items and fallback', () => {
    const body = { workflow: 'etl', executionId: EXEC, rootExecutionId: ROOT, kind: 'map-items', taskId: 'fan', stateName: 'fan', error: 'States.ExceedToleratedFailureThreshold',
      cause: null, optional: false, input: null, truncated: true, failedItems: [3, 7], fallback: { taskId: 'f', error: 'E2', cause: null }, timestamp: 't' };
    expect(parseDeadLetter(JSON.stringify(body))).toStrictEqual(body);
  });

  test('an execution-level letter may name no task', () => {
    const d = parseDeadLetter(JSON.stringify({ workflow: 'etl', executionId: EXEC, rootExecutionId: EXEC, kind: 'execution', taskId: null, error: 'States.Timeout', input: null, timestamp: 't' }));
    expect(d && describeLetter(d)).toBe('execution (States.Timeout)');
  });

  test.each(['hello', '{}', '{"executionId":"x"}', '{"executionId":"x","taskId":"t","input":5}', '{"executionId":"x","kind":"other","taskId":"t"}'])('%s is not a dead letter', (body) => {
    expect(parseDeadLetter(body)).toBeUndefined();
  });

  test('describeLetter names the task, optional tasks and map items', () => {
    const base = { workflow: 'w', executionId: EXEC, rootExecutionId: EXEC, stateName: null, cause: null, input: null, truncated: false, timestamp: 't', error: 'E' };
    expect([
      describeLetter({ ...base, kind: 'task', taskId: 'load', optional: true }),
      describeLetter({ ...base, kind: 'map-items', taskId: 'fan', optional: false, failedItems: [1, 4] }),
    ]).toStrictEqual(['optional task load (E)', 'map items 1, 4 of fan (E)']);
  });
});
