import type { DeadLetter } from '../../lib/model/dead-letter';
import type { RunSummary } from '../../lib/testing/local-workflow';
import { validateAsl } from '../support/asl';
import { compiled, failing, INPUT, Kind, KINDS, Layout, LAYOUTS, ROOT } from './support';

/**
 * The failure matrix: every failure kind × layout × kind of the failing task `b`, where the
 * combination exists, on the local engine (with the guard emulated as deployed). Each cell asserts
 * the terminal status, the error name and exactly one dead letter with its fields.
 */

type Letter = DeadLetter & Record<string, unknown>;
const only = (s: RunSummary): Letter => {
  expect(s.deadLetters).toHaveLength(1);
  return s.deadLetters[0] as Letter;
};
/** A child execution, named as the definition names it: c<n>-<md5 of the parent execution ARN>. */
const CHILD = /^arn:aws:states:local:000000000000:execution:matrix:c\d+-[0-9a-f]{32}$/;

/** The executionId a letter of `b` names: the child execution of a partitioned workflow, else the root. */
function expectWhere(letter: Letter, layout: Layout): void {
  expect(letter.rootExecutionId).toBe(ROOT);
  if (layout === 'partitioned') expect(letter.executionId).toMatch(CHILD);
  else expect(letter.executionId).toBe(ROOT);
}

/** A task-level failure of `b` after its retries: the expectations every kind shares. */
async function taskFailure(layout: Layout, kind: Kind, error: string, run: Parameters<ReturnType<typeof compiled>['run']>[0]): Promise<void> {
  const wf = compiled(layout, kind);
  const faults = [...(run?.faults ?? []), ...(kind === 'fallback' ? [{ taskId: 'b_fb', kind: 'validation' as const }] : [])];
  const { summary } = await wf.run({ input: INPUT, ...run, faults });
  const letter = only(summary);
  expectWhere(letter, layout);
  expect([letter.kind, letter.taskId, letter.error, letter.optional]).toStrictEqual(['task', 'b', error, kind === 'optional']);
  expect(letter.stateName).toBe('b');
  if (kind === 'optional') {
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.tasks.f.status).toBe('SUCCEEDED');
  } else {
    // The execution fails where the work failed (the fallback, when there is one): the state a redrive re-runs.
    // A partitioned root fails at its child step: startExecution.sync raises States.TaskFailed.
    const where = layout === 'partitioned' ? 'States.TaskFailed' : kind === 'fallback' ? 'ValidationError' : error;
    expect([summary.status, summary.error]).toStrictEqual(['FAILED', where]);
  }
  if (kind === 'fallback') expect(letter.fallback).toStrictEqual({ taskId: 'b_fb', error: 'ValidationError', cause: '{"errorMessage":"injected validation failure","errorType":"ValidationError"}' });
  else expect(letter.fallback).toBeUndefined();
}

describe.each(LAYOUTS)('failure matrix, layout %s', (layout) => {
  describe.each(KINDS)('task b: %s', (kind) => {
    test('the compiled definitions are valid ASL', () => {
      // GIVEN / WHEN / THEN
      for (const v of [{}, { heartbeat: true }, ...(kind === 'map' ? [{ tolerant: true }] : [])]) {
        const c = compiled(layout, kind, v).compiled;
        expect([c.definition, ...Object.values(c.children)].map(validateAsl).filter((e) => e !== '')).toStrictEqual([]);
      }
    });

    test('task error after retries: one task letter with the task\'s own error', async () => {
      // GIVEN / WHEN b fails on every attempt / THEN
      await taskFailure(layout, kind, 'Error', { faults: [{ taskId: 'b', kind: 'permanent' }] });
    });

    test('redrive after the task error: the same execution succeeds; no task that succeeded runs again, every other one does', async () => {
      // GIVEN b (and a fallback) failed on every attempt
      const wf = compiled(layout, kind);
      const faults = [{ taskId: 'b', kind: 'permanent' as const }, ...(kind === 'fallback' ? [{ taskId: 'b_fb', kind: 'permanent' as const }] : [])];
      const first = await wf.run({ input: INPUT, faults });
      if (kind === 'optional') {
        // an optional task's failure does not fail the execution: there is nothing to redrive
        expect(first.summary.status).toBe('SUCCEEDED');
        await expect(wf.redrive(first.result)).rejects.toThrow('cannot be redriven');
        return;
      }
      // WHEN the cause is fixed and the execution redriven (as `dlq redrive` does)
      const { summary } = await wf.redrive(first.result);
      // THEN it succeeds as the same execution, owing no letter
      expect([summary.status, summary.executionId, summary.deadLetters]).toStrictEqual(['SUCCEEDED', ROOT, []]);
      const reran = summary.redriven!.reran;
      const succeededBefore = Object.entries(first.summary.tasks).filter(([, t]) => t.status === 'SUCCEEDED').map(([id]) => id);
      expect(succeededBefore.filter((id) => reran[id] !== undefined)).toStrictEqual([]);
      // AND what had not run or had failed ran now: the failed state (b, or the fallback that failed in its place) and what follows it
      expect(reran[kind === 'fallback' ? 'b_fb' : 'b']).toBeGreaterThanOrEqual(1);
      expect([reran.d, reran.f]).toStrictEqual([1, 1]);
      expect(Object.entries(summary.tasks).filter(([id, t]) => t.status !== 'SUCCEEDED' && !(kind === 'fallback' && id === 'b')).map(([id]) => id)).toStrictEqual([]);
    });

    test('task timeout: one task letter, States.Timeout', async () => {
      // GIVEN / WHEN every attempt of b times out / THEN
      await taskFailure(layout, kind, 'States.Timeout', { faults: [{ taskId: 'b', kind: 'timeout' }] });
    });

    test('oversized result: States.DataLimitExceeded ends in one task letter', async () => {
      // GIVEN / WHEN b returns 300 KB (over the 256 KB limit) / THEN
      await taskFailure(layout, kind, 'States.DataLimitExceeded', {
        wrapInvoker: (inv) => async (req) => ((req.payload as { context: { taskId: string } }).context.taskId === 'b'
          ? { payload: 'y'.repeat(300 * 1024), durationSeconds: 1 } : inv(req)),
      });
    });

    test('oversized input: a 140 KB input still ends in one letter, its snapshot cut', async () => {
      // GIVEN a 140 KB input / WHEN b fails
      const wf = compiled(layout, kind);
      const faults = [{ taskId: 'b', kind: 'permanent' as const }, ...(kind === 'fallback' ? [{ taskId: 'b_fb', kind: 'permanent' as const }] : [])];
      const { summary } = await wf.run({ input: { ...INPUT, blob: 'x'.repeat(140 * 1024) }, faults });
      // THEN the letter is there, bounded
      const letter = only(summary);
      expect([letter.taskId, letter.error, letter.truncated, (letter.input as { input: unknown }).input]).toStrictEqual(['b', 'Error', true, null]);
      expect(summary.status).toBe(kind === 'optional' ? 'SUCCEEDED' : 'FAILED');
    });

    test('heartbeat: one task letter, States.HeartbeatTimeout', async () => {
      // GIVEN b sends no heartbeat within 5 s
      const wf = compiled(layout, kind, { heartbeat: true });
      const faults = kind === 'fallback' ? [{ taskId: 'b_fb', kind: 'permanent' as const }] : [];
      // WHEN
      const { summary } = await wf.run({ input: INPUT, faults });
      // THEN
      const letter = only(summary);
      expectWhere(letter, layout);
      expect([letter.kind, letter.taskId, letter.error]).toStrictEqual(['task', 'b', 'States.HeartbeatTimeout']);
      expect(summary.status).toBe(kind === 'optional' ? 'SUCCEEDED' : 'FAILED');
    });

    test('execution timeout: TIMED_OUT, one execution letter from the guard', async () => {
      // GIVEN b runs 10 s and the execution times out at 5 s / WHEN
      const { summary } = await compiled(layout, kind, { executionTimeout: true }).run({ input: INPUT });
      // THEN
      expect([summary.status, summary.error]).toStrictEqual(['TIMED_OUT', 'States.Timeout']);
      const letter = only(summary);
      expect([letter.kind, letter.executionId, letter.rootExecutionId, letter.error, letter.input, letter.truncated])
        .toStrictEqual(['execution', ROOT, ROOT, 'States.Timeout', null, true]);
      // the running task is named from the history (a local child keeps no history of its own)
      if (layout === 'partitioned') expect(letter.stateName).toMatch(/^dagstep\.child\.\d+$/);
      else expect([letter.taskId, letter.stateName]).toStrictEqual(['b', kind === 'map' ? 'b.item' : 'b']);
    });

    test('abort: ABORTED, one execution letter from the guard', async () => {
      // GIVEN / WHEN the execution is stopped at 2 s (b running)
      const { summary } = await compiled(layout, kind).run({ input: INPUT, abortAfterSeconds: 1.5 });
      // THEN
      expect(summary.status).toBe('ABORTED');
      const letter = only(summary);
      expect([letter.kind, letter.executionId, letter.error]).toStrictEqual(['execution', ROOT, 'dagstep.ExecutionAborted']);
      if (layout !== 'partitioned') expect(letter.taskId === 'b' || letter.taskId === 'c').toBe(true);
    });

    test('dead-letter send failure: a required task\'s letter comes from the guard; an optional task\'s undeliverable letter is sent once by the guard', async () => {
      // GIVEN SQS down for the definition's own sends / WHEN b fails
      const faults = [{ taskId: 'b', kind: 'permanent' as const }, ...(kind === 'fallback' ? [{ taskId: 'b_fb', kind: 'permanent' as const }] : [])];
      const { summary } = await compiled(layout, kind).run({ input: INPUT, faults, mockTask: failing('sqs:sendMessage', 'SQS.SdkClientException') });
      // THEN
      const letter = only(summary);
      expectWhere(letter, layout);
      if (kind === 'optional') {
        expect([summary.status, summary.error]).toStrictEqual(['FAILED', layout === 'partitioned' ? 'States.TaskFailed' : 'dagstep.DeadLetterUndeliverable']);
        expect([letter.kind, letter.taskId, letter.error, letter.optional]).toStrictEqual(['execution', 'b', 'Error', false]);
      } else {
        expect(summary.status).toBe('FAILED');
        expect([letter.kind, letter.taskId, letter.error, letter.optional]).toStrictEqual(['task', 'b', 'Error', false]);
      }
    });

    if (layout === 'exact') {
      test('coordination failure: a failing notify ends in one letter naming the waiting task', async () => {
        // GIVEN DynamoDB rejecting the notify writes / WHEN
        const { summary } = await compiled(layout, kind).run({
          input: INPUT,
          mockTask: async (call) => {
            if (call.resource.endsWith('dynamodb:updateItem')) throw Object.assign(new Error('bad request'), { name: 'DynamoDb.ValidationException' });
            return undefined;
          },
        });
        // THEN
        expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'DynamoDb.ValidationException']);
        const letter = only(summary);
        expect([letter.kind, letter.error]).toStrictEqual(['task', 'DynamoDb.ValidationException']);
        expect(letter.stateName).toMatch(/\.notify\./);
      });
    }

    if (layout === 'partitioned') {
      test('child failure: the parent fails at the child step (what a redrive re-runs), the child\'s letter is the only one', async () => {
        // GIVEN / WHEN b (inside a child execution) fails
        const faults = [{ taskId: 'b', kind: 'validation' as const }, ...(kind === 'fallback' ? [{ taskId: 'b_fb', kind: 'validation' as const }] : [])];
        const { summary } = await compiled(layout, kind).run({ input: INPUT, faults });
        // THEN
        const letter = only(summary);
        expect(letter.executionId).toMatch(CHILD);
        expect([letter.taskId, letter.error]).toStrictEqual(['b', 'ValidationError']);
        if (kind !== 'optional') {
          // startExecution.sync fails with States.TaskFailed, the child's DescribeExecution as its cause
          expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'States.TaskFailed']);
          expect(JSON.parse(summary.cause!)).toMatchObject({ Status: 'FAILED', Error: 'ValidationError' });
        }
      });

      test('child start failure: one letter of the child state, from the guard', async () => {
        // GIVEN / WHEN every child fails to start
        const { summary } = await compiled(layout, kind).run({ input: INPUT, mockTask: failing('states:startExecution', 'StepFunctions.InvalidExecutionInputException') });
        // THEN
        expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'StepFunctions.InvalidExecutionInputException']);
        const letter = only(summary);
        expect([letter.kind, letter.executionId, letter.taskId, letter.stateName]).toStrictEqual(['task', ROOT, null, 'dagstep.child.1']);
      });
    }

    if (kind === 'map') {
      test('map item failure: the Map fails with the item\'s error, one letter for the map task (all failed items are one unit)', async () => {
        // GIVEN / WHEN item 2 fails
        const { summary } = await compiled(layout, kind).run({
          input: INPUT,
          wrapInvoker: (inv) => async (req) => {
            if (req.itemIndex === 2) throw Object.assign(new Error('bad item'), { name: 'ValidationError' });
            return inv(req);
          },
        });
        // THEN
        expect([summary.status, summary.error]).toStrictEqual(['FAILED', layout === 'partitioned' ? 'States.TaskFailed' : 'ValidationError']);
        const letter = only(summary);
        expect([letter.kind, letter.taskId, letter.stateName, letter.error]).toStrictEqual(['task', 'b', 'b', 'ValidationError']);
      });

      test('tolerated Distributed Map failure: SUCCEEDED, one map-items letter naming the failed items', async () => {
        // GIVEN a Distributed Map tolerating 50 % / WHEN item 1 fails
        const { summary } = await compiled(layout, kind, { tolerant: true }).run({
          input: INPUT,
          wrapInvoker: (inv) => async (req) => {
            if (req.itemIndex === 1) throw Object.assign(new Error('bad item'), { name: 'ValidationError' });
            return inv(req);
          },
        });
        // THEN
        expect(summary.status).toBe('SUCCEEDED');
        const letter = only(summary);
        expectWhere(letter, layout);
        // The map writes its results to S3: the letter names the manifest listing the failed items.
        expect([letter.kind, letter.taskId, letter.error, letter.cause, letter.failedItems]).toStrictEqual(['map-items', 'b', 'dagstep.MapItemsFailed', expect.stringMatching(/^1 of \d+ items failed \(tolerated\)$/), null]);
        expect(letter.failedItemsObject).toMatch(/^s3:\/\/.+\/results\/maps\/b\/[0-9a-f-]+\/manifest\.json$/);
      });
    }

    if (kind === 'fallback') {
      test('primary rescued by its fallback: SUCCEEDED, no letter, the rescue recorded in the history', async () => {
        // GIVEN / WHEN only the primary fails
        const { summary, result } = await compiled(layout, kind).run({ input: INPUT, faults: [{ taskId: 'b', kind: 'permanent' }] });
        // THEN
        expect([summary.status, summary.deadLetters]).toStrictEqual(['SUCCEEDED', []]);
        if (layout !== 'partitioned') expect(result.history.some((e) => e.type === 'PassStateExited' && e.stateName === 'b.rescued')).toBe(true);
      });
    }
  });
});
