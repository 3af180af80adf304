import { runExecution } from '../../../lib/local/engine';
import { parseTimestamp } from '../../../lib/local/states/wait';
import { stubLambda } from '../private/stubs';

describe('Wait handler', () => {
  test('parseTimestamp accepts ISO-8601 offset date-times only', () => {
    expect([
      parseTimestamp('2026-01-01T00:00:10Z'), parseTimestamp('2026-01-01T01:00:10+01:00'), parseTimestamp('2026-01-01T00:00:10.123456789Z'),
      parseTimestamp('2026-01-01T00:00:10'), parseTimestamp('2016-13-05T21:29:29Z'), parseTimestamp('2016-02-30T00:00:00Z'), parseTimestamp('soon'),
    ]).toStrictEqual([Date.UTC(2026, 0, 1, 0, 0, 10), Date.UTC(2026, 0, 1, 0, 0, 10), Date.UTC(2026, 0, 1, 0, 0, 10,
      123), undefined, undefined, undefined, undefined]);
  });

  test('TimestampPath waits until then (the simulated run starts 2026-01-01T00:00:00Z)', async () => {
    // GIVEN
    const def = { StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.at', End: true } } };
    // WHEN
    const r = await runExecution(def, { at: '2026-01-01T00:01:00Z' }, stubLambda());
    // THEN
    expect(r.makespanSeconds).toBe(60);
  });

  test('a JSONata Timestamp expression; an invalid one fails in bounded time (an evaluation error, as for Items)', async () => {
    // GIVEN
    const def = { QueryLanguage: 'JSONata', StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '{% $states.input.at %}', End: true } } };
    // WHEN
    const good = await runExecution(def, { at: '2026-01-01T00:00:30Z' }, stubLambda());
    const bad = await runExecution(def, { at: '2016-13-05T21:29:29Z' }, stubLambda());
    // THEN
    expect([good.makespanSeconds, bad.status, bad.error]).toStrictEqual([30, 'FAILED', 'States.QueryEvaluationError']);
  });
});
