import { runExecution } from '../../../lib/local/engine';
import { stubLambda } from '../private/stubs';

describe('Fail handler', () => {
  test('without Error and Cause the execution records neither', async () => {
    // GIVEN / WHEN
    const r = await runExecution({ StartAt: 'F', States: { F: { Type: 'Fail' } } }, {}, stubLambda());
    // THEN
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', undefined, undefined]);
    expect(r.history.map((e) => e.type)).toStrictEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  });

  test('ErrorPath and CausePath read the input (an intrinsic is allowed)', async () => {
    // GIVEN
    const def = { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('n={}', $.n)" } } };
    // WHEN
    const r = await runExecution(def, { e: 'Custom.Error', n: 3 }, stubLambda());
    // THEN
    expect([r.error, r.cause]).toStrictEqual(['Custom.Error', 'n=3']);
  });
});
