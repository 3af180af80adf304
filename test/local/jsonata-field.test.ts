import { StatesError } from '../../lib/local/errors';
import { evalField, expressionOf } from '../../lib/local/jsonata-field';

describe('jsonata-field', () => {
  test('expressionOf: only an exact {% %} string is an expression', () => {
    expect([expressionOf('{% 1 %}'), expressionOf(' {% 1 %} '), expressionOf('{%%}'), expressionOf(3)]).toStrictEqual([' 1 ', undefined, '', undefined]);
  });

  test('evalField evaluates leaves and keeps literals', async () => {
    // GIVEN
    const b = { states: { input: { a: 2 } } };
    // WHEN
    const v = await evalField({ x: '{% $states.input.a * 3 %}', y: [' {% 1 %} ', 'z'], n: 1 }, b, 'Output');
    // THEN
    expect(v).toStrictEqual({ x: 6, y: [' {% 1 %} ', 'z'], n: 1 });
  });

  test('an expression returning nothing names its field path', async () => {
    // WHEN
    const e = await evalField({ a: [{ b: '{% $nothing %}' }] }, {}, 'Output').catch((x: unknown) => x as StatesError) as StatesError;
    // THEN
    expect([e.error, e.cause]).toStrictEqual(['States.QueryEvaluationError', "The JSONata expression '$nothing' specified for the field 'Output/a[0]/b' returned nothing (undefined)."]);
  });
});

describe('jsonata-field: evaluation errors', () => {
  test('an expression that throws is States.QueryEvaluationError naming the expression and field, as AWS words it', async () => {
    // WHEN a function is called with a wrong argument type
    const e = await evalField({ v: '{% $uppercase(1) %}' }, {}, 'Output').catch((x: unknown) => x as StatesError) as StatesError;
    // THEN
    expect(e.error).toBe('States.QueryEvaluationError');
    expect(e.cause).toMatch(/^The JSONata expression '\$uppercase\(1\)' specified for the field 'Output\/v' threw an error during evaluation\. .+/);
  });
});
