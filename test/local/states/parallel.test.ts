import { runExecution } from '../../../lib/local/engine';
import { FN, lambdaError, stubLambda } from '../private/stubs';

describe('Parallel handler', () => {
  test('a failing branch stops its siblings at their next state', async () => {
    // GIVEN a branch failing at 1 s and a sibling of two 1 s tasks
    const def = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [
      { StartAt: 'F', States: { F: { Type: 'Task', Resource: FN, Parameters: { fail: true }, End: true } } },
      { StartAt: 'A', States: { A: { Type: 'Task', Resource: FN, Parameters: { fail: false }, Next: 'B' }, B: { Type: 'Task', Resource: FN, Parameters: { fail: false }, End: true } } },
    ] } } };
    const { invokeLambda, calls } = stubLambda((req) => { if ((req.payload as { fail: boolean }).fail) throw lambdaError('Boom', 'x'); return 1; });
    // WHEN
    const r = await runExecution(def, {}, { invokeLambda });
    // THEN B never ran
    expect([r.error, calls.map((c) => c.stateName).sort()]).toStrictEqual(['Boom', ['A', 'F']]);
  });
});
