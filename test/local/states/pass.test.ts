import { runExecution } from '../../../lib/local/engine';
import { stubLambda } from '../private/stubs';

describe('Pass handler', () => {
  test('Result wins over Parameters; Assign reads the result; JSONata Output', async () => {
    // GIVEN a JSONPath Pass with Result and Assign, then a JSONata Pass reading the variable
    const def = { StartAt: 'A', States: {
      A: { Type: 'Pass', Result: { r: 1 }, Assign: { 'v.$': '$.r' }, ResultPath: '$.res', Next: 'B' },
      B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: { v: '{% $v %}', in: '{% $states.input %}' }, End: true },
    } };
    // WHEN
    const r = await runExecution(def, { a: 0 }, stubLambda());
    // THEN
    expect(r.output).toStrictEqual({ v: 1, in: { a: 0, res: { r: 1 } } });
  });
});
