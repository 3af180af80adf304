import { runExecution } from '../../../lib/local/engine';
import { stubLambda } from '../private/stubs';

describe('Choice handler', () => {
  test('a JSONata Condition that is not boolean fails with States.QueryEvaluationError', async () => {
    // GIVEN
    const def = { QueryLanguage: 'JSONata', StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Condition: '{% "yes" %}', Next: 'D' }], Default: 'D' }, D: { Type: 'Succeed' } } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda());
    // THEN
    expect(r.error).toBe('States.QueryEvaluationError');
  });

  test('a matched rule applies its own Assign and Output, not the state\'s', async () => {
    // GIVEN
    const def = { QueryLanguage: 'JSONata', StartAt: 'C', States: {
      C: { Type: 'Choice', Assign: { via: 'default' }, Choices: [{ Condition: '{% true %}', Assign: { via: 'rule' }, Output: { o: 'rule' }, Next: 'D' }], Default: 'D' },
      D: { Type: 'Pass', Output: { via: '{% $via %}', in: '{% $states.input %}' }, End: true },
    } };
    // WHEN
    const r = await runExecution(def, {}, stubLambda());
    // THEN
    expect(r.output).toStrictEqual({ via: 'rule', in: { o: 'rule' } });
  });
});
