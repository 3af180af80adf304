import { allStates, AslMachine, AslState } from '../../lib/compile/checks/asl-walk';
import { DEAD_LETTER_PATH, FAILURE_PATH } from '../../lib/compile/dead-letter';
import { compileDefinition } from '../../lib/constructs/render-asl';
import { task, workflow } from '../support/models';

describe('dead-letter routing', () => {
  // GIVEN a required task a and an optional task b after it
  const compiled = compileDefinition(workflow('dlq', [
    task('a', [], { sideEffects: 'none' }),
    task('b', ['a'], { sideEffects: 'none', optional: true }),
  ]));
  const states = new Map<string, AslState>(allStates(compiled.definition as unknown as AslMachine).map((s) => [s.name, s.state]));
  const url = compiled.deadLetterQueueUrl;
  const messageBody = {
    workflow: 'dlq',
    'executionId.$': '$$.Execution.Id',
    'taskId.$': '$.deadLetter.taskId',
    'error.$': '$.deadLetter.error',
    'cause.$': '$.deadLetter.cause',
    'input.$': '$.deadLetter.input',
    'timestamp.$': '$$.State.EnteredTime',
  };
  const sendRetry = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' }];

  test('paths', () => {
    // WHEN / THEN
    expect([FAILURE_PATH, DEAD_LETTER_PATH]).toStrictEqual(['$.failure', '$.deadLetter']);
  });

  test('a task catches States.ALL into <task>.failed, which prepares the dead letter', () => {
    // WHEN the states are read / THEN
    expect(states.get('a')!.Catch).toStrictEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'a.failed' }]);
    const failed = states.get('a.failed')!;
    expect(failed.Type).toBe('Pass');
    expect(failed.ResultPath).toBe('$.deadLetter');
    expect(failed.Next).toBe('dagstep.deadLetter.1');
    expect((failed.Parameters as Record<string, unknown>).taskId).toBe('a');
    expect((failed.Parameters as Record<string, unknown>)['error.$']).toBe('$.failure.Error');
    expect((failed.Parameters as Record<string, unknown>)['cause.$']).toBe('$.failure.Cause');
  });

  test('a required task sends the shared dead letter, then fails with its own error', () => {
    // WHEN / THEN
    expect(states.get('dagstep.deadLetter.1')).toStrictEqual({
      Type: 'Task',
      Resource: expect.stringMatching(/:states:::sqs:sendMessage$/) as unknown as string,
      Parameters: { QueueUrl: url, MessageBody: messageBody },
      ResultPath: null,
      Retry: sendRetry,
      Next: 'dagstep.fail.1',
    });
    expect(states.get('dagstep.fail.1')).toStrictEqual({ Type: 'Fail', ErrorPath: '$.deadLetter.error', CausePath: '$.deadLetter.cause' });
  });

  test('an optional task sends its own dead letter and records its failure as its result', () => {
    // WHEN / THEN
    const send = states.get('b.deadLetter')!;
    expect(send.Parameters).toStrictEqual({ QueueUrl: url, MessageBody: messageBody });
    expect(send.Retry).toStrictEqual(sendRetry);
    expect(send.Next).toBe('b.recorded');
    const recorded = states.get('b.recorded')!;
    expect(recorded.Parameters).toStrictEqual({ failed: true, 'error.$': '$.deadLetter.error', 'cause.$': '$.deadLetter.cause' });
    expect(recorded.ResultPath).toBe('$.results.b');
  });
});
