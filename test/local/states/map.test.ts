import { runExecution } from '../../../lib/local/engine';
import { FN, lambdaError, stubLambda } from '../private/stubs';

const distributed = (fields: object) => ({ StartAt: 'M', States: { M: { Type: 'Map', End: true, ...fields,
  ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } } } } });
const failBad = stubLambda((req) => { if ((req.payload as { v: string }).v === 'bad') throw lambdaError('Boom', 'x'); return 'ok'; });

describe('Map handler', () => {
  test('MaxConcurrencyPath bounds the iterations in flight', async () => {
    // GIVEN four 1 s items, at most 2 at a time
    const def = { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.xs', MaxConcurrencyPath: '$.c', End: true, ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } } } } };
    // WHEN
    const r = await runExecution(def, { xs: [1, 2, 3, 4], c: 2 }, stubLambda());
    // THEN two rounds
    expect([r.output, r.makespanSeconds]).toStrictEqual([[1, 2, 3, 4], 2]);
  });

  test('ToleratedFailureCountPath and ToleratedFailurePercentagePath read the input', async () => {
    // GIVEN 1 of 3 items failing
    const items = { xs: [{ v: 'ok' }, { v: 'bad' }, { v: 'ok' }], n: 1, p: 10 };
    // WHEN tolerated by count 1, and not tolerated by 10 %
    const byCount = await runExecution(distributed({ ItemsPath: '$.xs', ToleratedFailureCountPath: '$.n' }), items, failBad);
    const byPct = await runExecution(distributed({ ItemsPath: '$.xs', ToleratedFailurePercentagePath: '$.p' }), items, failBad);
    // THEN
    expect([byCount.status, byCount.output]).toStrictEqual(['SUCCEEDED', ['ok', { Error: 'Boom', Cause: JSON.stringify({ errorMessage: 'x', errorType: 'Boom' }) }, 'ok']]);
    expect([byPct.status, byPct.error]).toStrictEqual(['FAILED', 'States.ExceedToleratedFailureThreshold']);
  });

  test('a MaxConcurrencyPath to a negative number is States.Runtime', async () => {
    // GIVEN
    const def = { StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrencyPath: '$.c', ItemsPath: '$.xs', End: true, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } } };
    // WHEN
    const r = await runExecution(def, { xs: [1], c: -1 }, stubLambda());
    // THEN
    expect(r.error).toBe('States.Runtime');
  });
});
