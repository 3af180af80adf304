import type { ExecutionResult } from '../../lib/local/engine';
import { localGuardLetters } from '../../lib/testing/local-guard';

const ARN = 'arn:aws:states:local:000000000000:execution:wf:run';
const result = (more: Partial<ExecutionResult>): ExecutionResult => ({
  status: 'FAILED', executionId: ARN, history: [], historyEvents: 0, transitions: 0, startTime: 0, stopTime: 12,
  makespanSeconds: 12, deadLetters: [], attempts: [], ...more,
});
const ev = (id: number, type: string, stateName?: string, more: Record<string, unknown> = {}) => ({ id, previousEventId: id - 1, timestamp: '', type, ...(stateName ? { stateName } : {}), ...more });

describe('localGuardLetters', () => {
  test('an aborted run with nothing running gets one execution letter stamped when it stopped', async () => {
    // GIVEN / WHEN
    const letters = await localGuardLetters(result({ status: 'ABORTED' }), 'wf');
    // THEN
    expect(letters).toStrictEqual([{
      workflow: 'wf', executionId: ARN, rootExecutionId: ARN, kind: 'execution', taskId: null, stateName: null,
      error: 'dagstep.ExecutionAborted', cause: null, optional: false, input: null, truncated: true, timestamp: '2026-01-01T00:00:12.000Z',
    }]);
  });

  test('a child that timed out is read from the run\'s children, as the deployed guard reads GetExecutionHistory', async () => {
    // GIVEN the parent failed at its child step; the child timed out while y ran
    const childArn = `${ARN}-dagstep.child.1`;
    const child = result({ status: 'TIMED_OUT', executionId: childArn, error: 'States.Timeout', history: [ev(1, 'TaskStateEntered', 'y')] });
    const history = [
      ev(1, 'TaskStateEntered', 'dagstep.child.1'),
      ev(2, 'TaskFailed', 'dagstep.child.1', { entry: 1, error: 'States.TaskFailed', cause: JSON.stringify({ ExecutionArn: childArn, Status: 'TIMED_OUT' }) }),
    ];
    // WHEN
    const letters = await localGuardLetters(result({ error: 'States.TaskFailed', history, children: [child] }), 'wf');
    // THEN
    expect(letters.map((l) => [l.kind, l.executionId, l.taskId, l.error])).toStrictEqual([['execution', childArn, 'y', 'States.Timeout']]);
  });
});
