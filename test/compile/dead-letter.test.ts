import { allStates, AslMachine, AslState } from '../../lib/compile/checks/asl-walk';
import { DEAD_LETTER_PATH, FAILURE_PATH, jsonataPath, SEND_FAILURE_PATH } from '../../lib/compile/dead-letter';
import { compileDefinition } from '../../lib/constructs/render-asl';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { catchInto, SEND_RETRY } from '../support/failure-asl';
import { task, workflow } from '../support/models';

const EXEC = 'arn:aws:states:local:000000000000:execution:dlq:exec-a08ff49b-6f77-2632-716c-43069c43a8c3';
const CAUSE = '{"errorMessage":"injected permanent failure","errorType":"Error"}';
const sqsDown = async (call: { resource: string }) => {
  if (call.resource.includes('sqs:sendMessage')) throw Object.assign(new Error('queue unavailable'), { name: 'SQS.SdkClientException' });
  return undefined;
};

describe('dead-letter routing', () => {
  // GIVEN a required task a and an optional task b after it
  const model = workflow('dlq', [
    task('a', [], { sideEffects: 'none' }),
    task('b', ['a'], { sideEffects: 'none', optional: true }),
  ]);
  const compiled = compileDefinition(model);
  const states = new Map<string, AslState>(allStates(compiled.definition as unknown as AslMachine).map((s) => [s.name, s.state]));
  const url = compiled.deadLetterQueueUrl;

  test('paths', () => {
    // WHEN / THEN
    expect([FAILURE_PATH, DEAD_LETTER_PATH, SEND_FAILURE_PATH]).toStrictEqual(['$.failure', '$.deadLetter', '$.sendFailure']);
  });

  test('an optional task catches every error (States.DataLimitExceeded named) into <task>.failed, a JSONata Pass preparing the letter', () => {
    // WHEN the states are read / THEN
    expect(states.get('b')!.Catch).toStrictEqual(catchInto('b.failed'));
    const failed = states.get('b.failed')!;
    expect([failed.Type, failed.QueryLanguage, failed.Next]).toStrictEqual(['Pass', 'JSONata', 'b.deadLetter']);
  });

  test('a required task catches nothing and has no letter states: it fails the execution at the task itself', async () => {
    // WHEN the states are read
    const names = [...states.keys()];
    // THEN a has no Catch, no `a.failed`, and no shared send or Fail exists
    expect(states.get('a')!.Catch).toBeUndefined();
    expect(names.filter((n) => n.startsWith('a.') || n.startsWith('dagstep.deadLetter') || n.startsWith('dagstep.fail'))).toStrictEqual([]);
    // AND run locally, the execution's last state is the task: a redrive re-runs exactly it
    const { summary, result } = await new LocalWorkflow(model, compiled).run({ faults: [{ taskId: 'a', kind: 'permanent' }] });
    expect([summary.status, summary.error, summary.cause]).toStrictEqual(['FAILED', 'Error', CAUSE]);
    expect(result.history.slice(-5).map((e) => [e.type, e.stateName])).toStrictEqual([
      ['TaskStateEntered', 'a'], ['TaskScheduled', 'a'], ['TaskStarted', 'a'], ['TaskFailed', 'a'], ['ExecutionFailed', undefined],
    ]);
  });

  test('an undeliverable letter (the optional send failed after its retries) goes to a Fail carrying it', () => {
    // WHEN / THEN
    expect(states.get('b.undeliverable')).toStrictEqual({
      Type: 'Fail', QueryLanguage: 'JSONata',
      Comment: 'dagstep: the dead letter could not be sent; the execution-status guard sends this cause (the letter)',
      Error: 'dagstep.DeadLetterUndeliverable', Cause: '{% $string($states.input.deadLetter) %}',
    });
  });

  test('an optional task sends its own letter, records its failure as its result, and its send failure is caught too', () => {
    // WHEN / THEN
    const send = states.get('b.deadLetter')!;
    expect(send.Parameters).toStrictEqual({ QueueUrl: url, 'MessageBody.$': '$.deadLetter' });
    expect(send.Retry).toStrictEqual(SEND_RETRY);
    expect(send.Catch).toStrictEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.sendFailure', Next: 'b.undeliverable' }]);
    expect(send.Next).toBe('b.recorded');
    const recorded = states.get('b.recorded')!;
    expect(recorded.Parameters).toStrictEqual({ failed: true, 'error.$': '$.deadLetter.error', 'cause.$': '$.deadLetter.cause' });
    expect(recorded.ResultPath).toBe('$.results.b');
  });

  test('the letter has the agreed shape, with a snapshot of the input and the dependencies\' results', async () => {
    // GIVEN the local engine
    const local = new LocalWorkflow(model, compiled);
    // WHEN b fails for good
    const { summary } = await local.run({ input: { day: '2026-01-01' }, faults: [{ taskId: 'b', kind: 'permanent' }] });
    // THEN the workflow goes on and exactly one letter names b
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.deadLetters).toStrictEqual([{
      workflow: 'dlq', executionId: EXEC, rootExecutionId: EXEC, kind: 'task', taskId: 'b', stateName: 'b',
      error: 'Error', cause: CAUSE, optional: true,
      input: { input: { day: '2026-01-01' }, results: { a: { taskId: 'a', ok: true } } },
      truncated: false, timestamp: '2026-01-01T00:00:02.000Z',
    }]);
  });

  test('a 140 KB input never pushes the state over 256 KB: the snapshot is cut and points to the history', async () => {
    // GIVEN a 140 KB execution input (the engine enforces Step Functions' 256 KB)
    const local = new LocalWorkflow(model, compiled);
    const input = { blob: 'x'.repeat(140 * 1024) };
    // WHEN the required task fails
    const { summary } = await local.run({ input, faults: [{ taskId: 'a', kind: 'permanent' }] });
    // THEN the execution fails with the task's own error, one letter, input cut, pointer kept
    expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'Error']);
    expect(summary.deadLetters).toStrictEqual([{
      workflow: 'dlq', executionId: EXEC, rootExecutionId: EXEC, kind: 'task', taskId: 'a', stateName: 'a',
      error: 'Error', cause: CAUSE, optional: false, input: { input: null, results: {} }, truncated: true,
      timestamp: '2026-01-01T00:00:01.000Z',
    }]);
  });

  test('a letter that cannot be sent fails the execution (optional task too) and the guard delivers it', async () => {
    // GIVEN SQS failing every send
    const local = new LocalWorkflow(model, compiled);
    // WHEN the optional task fails
    const { summary } = await local.run({ input: {}, faults: [{ taskId: 'b', kind: 'permanent' }], mockTask: sqsDown });
    // THEN the execution does not lose the record: exactly one (guard) letter with b's error,
    // stamped when the execution stopped (after the send's retries)
    expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'dagstep.DeadLetterUndeliverable']);
    expect(JSON.parse(summary.cause!).taskId).toBe('b');
    expect(summary.deadLetters).toStrictEqual([{
      workflow: 'dlq', executionId: EXEC, rootExecutionId: EXEC, kind: 'execution', taskId: 'b', stateName: 'b',
      error: 'Error', cause: CAUSE, optional: false,
      input: { input: {}, results: { a: { taskId: 'a', ok: true } } }, truncated: false,
      timestamp: '2026-01-01T00:00:55.504Z',
    }]);
  });

  test('a tolerant Distributed Map sends one map-items letter naming the failed items, and goes on', async () => {
    // GIVEN a Distributed Map tolerating half its items failing
    const dm = workflow('dlq', [task('m', [], { sideEffects: 'none', map: { itemsPath: '$.items', mode: 'distributed', toleratedFailurePercentage: 50, resultWriter: false } })]);
    const local = new LocalWorkflow(dm);
    // WHEN item 2 fails
    const { summary } = await local.run({
      input: { items: [1, 2, 3, 4] },
      wrapInvoker: (inv) => async (req) => {
        if (req.itemIndex === 2) throw Object.assign(new Error('bad item'), { name: 'ValidationError' });
        return inv(req);
      },
    });
    // THEN
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.deadLetters).toStrictEqual([{
      workflow: 'dlq', executionId: EXEC, rootExecutionId: EXEC, kind: 'map-items', taskId: 'm', stateName: 'm',
      error: 'dagstep.MapItemsFailed', cause: '1 of 4 items failed (tolerated)', optional: false,
      input: { input: { items: [1, 2, 3, 4] }, results: {} }, truncated: false,
      timestamp: '2026-01-01T00:00:01.000Z', failedItems: [2],
    }]);
  });

  test('jsonataPath quotes every step (task ids may contain "-")', () => {
    // WHEN / THEN
    expect(jsonataPath('$.results.load-x')).toBe('$states.input.`results`.`load-x`');
    expect(() => jsonataPath('$[0].a')).toThrow('internal: cannot express $[0].a in JSONata');
  });
});
