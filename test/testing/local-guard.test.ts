import type { ExecutionResult } from '../../lib/local/engine';
import { localGuardLetter } from '../../lib/testing/local-guard';

const ARN = 'arn:aws:states:local:000000000000:execution:wf:run';
const result = (more: Partial<ExecutionResult>): ExecutionResult => ({
  status: 'FAILED', executionId: ARN, history: [], historyEvents: 0, transitions: 0, startTime: 0, stopTime: 12,
  makespanSeconds: 12, deadLetters: [], attempts: [], ...more,
});

describe('localGuardLetter', () => {
  test('without history (simulate), a failed run that sent a required letter needs no other', async () => {
    // GIVEN / WHEN / THEN
    const sent = result({ error: 'Error', deadLetters: [{ queueUrl: 'q', stateName: 'dagstep.deadLetter.1', body: { kind: 'task', optional: false, executionId: ARN } }] });
    expect(await localGuardLetter(sent, 'wf')).toBeUndefined();
  });

  test('without history, an aborted run gets one execution letter stamped when it stopped', async () => {
    // GIVEN / WHEN
    const letter = await localGuardLetter(result({ status: 'ABORTED' }), 'wf');
    // THEN
    expect(letter).toStrictEqual({
      workflow: 'wf', executionId: ARN, rootExecutionId: ARN, kind: 'execution', taskId: null, stateName: null,
      error: 'dagstep.ExecutionAborted', cause: null, optional: false, input: null, truncated: true, timestamp: '2026-01-01T00:00:12.000Z',
    });
  });

  test('a child that ended unlettered is read from the parent\'s TaskFailed cause', async () => {
    // GIVEN the parent re-raised a child that timed out
    const child = `${ARN}-dagstep.child.1`;
    const history = [
      { id: 1, previousEventId: 0, timestamp: '', type: 'TaskStateEntered', stateName: 'dagstep.child.1' },
      { id: 2, previousEventId: 1, timestamp: '', type: 'TaskFailed', stateName: 'dagstep.child.1', error: 'States.TaskFailed', cause: JSON.stringify({ ExecutionArn: child, Status: 'TIMED_OUT', Error: 'States.Timeout', Cause: 'slow' }) },
      { id: 3, previousEventId: 2, timestamp: '', type: 'FailStateEntered', stateName: 'dagstep.childFailed.1' },
    ];
    // WHEN
    const letter = await localGuardLetter(result({ error: 'States.Timeout', cause: 'slow', history }), 'wf');
    // THEN
    expect(letter).toStrictEqual({
      workflow: 'wf', executionId: child, rootExecutionId: ARN, kind: 'execution', taskId: null, stateName: null,
      error: 'States.Timeout', cause: 'slow', optional: false, input: null, truncated: true, timestamp: '2026-01-01T00:00:12.000Z',
    });
  });
});
