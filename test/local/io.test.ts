import { runExecution } from '../../lib/local/engine';
import { FN, stubLambda } from './private/stubs';

describe('io: the shared input/output processor', () => {
  test('JSONPath: Assign reads the (ResultSelector-ed) result, ResultPath then OutputPath shape the output', async () => {
    // GIVEN a Task with ResultSelector, Assign, ResultPath and OutputPath, then a Pass reading the variable
    const def = { StartAt: 'T', States: {
      T: { Type: 'Task', Resource: FN, ResultSelector: { 'v.$': '$.value' }, Assign: { 'got.$': '$.v' }, ResultPath: '$.r', OutputPath: '$.r', Next: 'P' },
      P: { Type: 'Pass', Parameters: { 'fromVar.$': '$got', 'out.$': '$' }, End: true },
    } };
    // WHEN
    const r = await runExecution(def, { in: 1 }, stubLambda(() => ({ value: 5, noise: 1 })));
    // THEN
    expect(r.output).toStrictEqual({ fromVar: 5, out: { v: 5 } });
  });

  test('JSONata: Assign and Output are evaluated with the variables as they were on entry', async () => {
    // GIVEN x = 1, then a state assigning x = x + 1 and outputting x
    const def = { QueryLanguage: 'JSONata', StartAt: 'A', States: {
      A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
      B: { Type: 'Pass', Assign: { x: '{% $x + 1 %}' }, Output: { before: '{% $x %}' }, Next: 'C' },
      C: { Type: 'Pass', Output: '{% $x %}', End: true },
    } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda());
    // THEN B saw 1, C sees 2
    expect(r.output).toBe(2);
    expect(r.status).toBe('SUCCEEDED');
  });

  test('an evaluation error is prefixed once, by the innermost state', async () => {
    // GIVEN a Parallel whose branch Pass reads a missing path
    const def = { StartAt: 'Par', States: { Par: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'In', States: { In: { Type: 'Pass', InputPath: '$.missing', End: true } } }] } } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda());
    // THEN the cause names the branch state (entered at event #4: after ExecutionStarted, ParallelStateEntered, ParallelStateStarted)
    expect([r.error, r.cause]).toStrictEqual(['States.Runtime', "An error occurred while executing the state 'In' (entered at the event id #4). Invalid path '$.missing' : No results for path: $['missing']"]);
  });

  test('InputPath and OutputPath may read $$ (the context object) and $var', async () => {
    // GIVEN
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { v: { k: 1 } }, Next: 'B' }, B: { Type: 'Pass', InputPath: '$v', OutputPath: '$$.State.Name', End: true } } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda());
    // THEN
    expect(r.output).toBe('B');
  });
});
