import { redriveExecution, runExecution } from '../../lib/local/engine';
import { ExecutionNotRedrivable } from '../../lib/local/errors';
import { FN, stubLambda } from './private/stubs';

/*
 * Source: "Avoid reaching the history quota" (https://docs.aws.amazon.com/step-functions/latest/dg/bp-history-limit.html):
 * at 24,999 events an execution waits for the next one; event 25,000 is ExecutionSucceeded if that
 * is what comes next, else ExecutionFailed. AWS records error States.Runtime, cause "The execution
 * reached the maximum number of history events (25000)." (an AWS history quoted in
 * https://github.com/floci-io/floci/issues/2734 and in loads/ardere#86).
 */
const QUOTA_CAUSE = 'The execution reached the maximum number of history events (25000).';

/** `n` Pass states in a chain: 2 events each, plus ExecutionStarted and the terminal event. */
function passes(n: number) {
  const States: Record<string, object> = {};
  for (let i = 0; i < n; i++) States[`P${i}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `P${i + 1}` };
  return { StartAt: 'P0', States };
}

/** A Map over `items` of one Lambda task, in `mode`. */
const lambdaMap = (mode: 'INLINE' | 'DISTRIBUTED') => ({ StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: { ProcessorConfig: { Mode: mode }, StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } } } } });
const items = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the 25,000-event history quota of a Standard execution', () => {
  test('event 25,000 may be ExecutionSucceeded; one state more and ExecutionFailed is event 25,000', async () => {
    // GIVEN 12,499 Pass states (1 + 2 x 12,499 + 1 = 25,000 events) and 12,500
    // WHEN both run
    const fits = await runExecution(passes(12_499), {}, stubLambda());
    const over = await runExecution(passes(12_500), {}, stubLambda());
    // THEN the first succeeds with ExecutionSucceeded as event 25,000
    expect([fits.status, fits.historyEvents, fits.history[24_999].type]).toStrictEqual(['SUCCEEDED', 25_000, 'ExecutionSucceeded']);
    // AND the second fails: event 24,999 is the last state's exit, event 25,000 the ExecutionFailed
    expect([over.status, over.error, over.cause, over.stoppedBy]).toStrictEqual(['FAILED', 'States.Runtime', QUOTA_CAUSE, 'HistoryQuota']);
    expect(over.history.slice(-2).map((e) => [e.id, e.type])).toStrictEqual([[24_999, 'PassStateExited'], [25_000, 'ExecutionFailed']]);
  });

  test('a 10,000-item inline Map of a Lambda task fails as on AWS, also without kept history', async () => {
    // GIVEN an inline Map of 10,000 items (7 events per item)
    // WHEN it runs without keeping events
    const r = await runExecution(lambdaMap('INLINE'), items(10_000), { ...stubLambda(undefined, 0), keepHistory: false });
    // THEN the quota ends it, no Catch or Retry can take it, and it is counted at 25,000
    expect([r.status, r.error, r.cause, r.historyEvents, r.stoppedBy]).toStrictEqual(['FAILED', 'States.Runtime', QUOTA_CAUSE, 25_000, 'HistoryQuota']);
  });

  test('a Catch of States.ALL does not take the quota error', async () => {
    // GIVEN the same Map with a Catch on it
    const def = lambdaMap('INLINE');
    Object.assign(def.States.M, { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }], End: true });
    Object.assign(def.States, { H: { Type: 'Succeed' } });
    // WHEN it runs
    const r = await runExecution(def, items(5_000), { ...stubLambda(undefined, 0), keepHistory: false });
    // THEN it fails all the same
    expect([r.status, r.cause]).toStrictEqual(['FAILED', QUOTA_CAUSE]);
  });

  test('a Distributed Map\'s child executions have histories of their own', async () => {
    // GIVEN the 10,000 items in a DISTRIBUTED Map
    // WHEN it runs
    const r = await runExecution(lambdaMap('DISTRIBUTED'), items(10_000), { ...stubLambda(undefined, 0), keepHistory: false });
    // THEN it succeeds (each child execution is far below 25,000 events)
    expect([r.status, (r.output as unknown[]).length]).toStrictEqual(['SUCCEEDED', 10_000]);
  });

  test('an EXPRESS run has no history quota', async () => {
    // GIVEN the 10,000-item inline Map, as an Express workflow
    // WHEN it runs
    const r = await runExecution(lambdaMap('INLINE'), items(10_000), { ...stubLambda(undefined, 0), keepHistory: false, type: 'EXPRESS' });
    // THEN it succeeds with its 70,000-odd events
    expect([r.status, r.historyEvents > 25_000, r.stoppedBy]).toStrictEqual(['SUCCEEDED', true, undefined]);
  });

  test('an execution the quota ended is not redrivable (redrive-executions.html: "Execution history event limit exceeded")', async () => {
    // GIVEN a run the quota ended
    const r = await runExecution(passes(12_500), {}, { ...stubLambda(), keepHistory: false });
    // WHEN it is redriven THEN ExecutionNotRedrivable with AWS's reason
    await expect(redriveExecution(passes(12_500), r, stubLambda())).rejects.toThrow(new ExecutionNotRedrivable(r.executionId, 'Execution history event limit exceeded'));
  });
});
