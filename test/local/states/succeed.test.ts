import { runExecution } from '../../../lib/local/engine';
import { stubLambda } from '../private/stubs';

describe('Succeed handler', () => {
  test('ends a branch: the Parallel collects its output; OutputPath applies', async () => {
    // GIVEN
    const def = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'S', States: { S: { Type: 'Succeed', OutputPath: '$.x' } } }] } } };
    // WHEN
    const r = await runExecution(def, { x: 5 }, stubLambda());
    // THEN
    expect(r.output).toStrictEqual([5]);
  });
});
