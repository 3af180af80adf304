import { runExecution } from '../../../lib/local/engine';
import { matches } from '../../../lib/local/states/choice';
import { stubLambda } from '../private/stubs';

const m = (rule: Record<string, unknown>, input: unknown, context: unknown = {}) => matches({ ...rule, Next: 'X' }, input, context);
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return { error: (e as { error: string }).error, cause: (e as { cause: string }).cause }; }
  return undefined;
};

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

describe('comparison operators', () => {
  const input = { s: 'banana', n: 5, f: 2.5, b: true, t: '2026-01-01T00:00:10Z', other: { s: 'banana', n: 7, t: '2026-01-01T00:00:20Z', b: true } };

  test.each([
    ['StringEquals', '$.s', 'banana', true], ['StringEquals', '$.s', 'apple', false],
    ['StringLessThan', '$.s', 'cherry', true], ['StringGreaterThan', '$.s', 'apple', true],
    ['StringLessThanEquals', '$.s', 'banana', true], ['StringGreaterThanEquals', '$.s', 'bananas', false],
    ['StringMatches', '$.s', 'b*n*', true], ['StringMatches', '$.s', '*nan?', false], ['StringMatches', '$.s', 'ba.*', false],
    ['NumericEquals', '$.n', 5, true], ['NumericEquals', '$.f', 2.5, true], ['NumericLessThan', '$.n', 5, false],
    ['NumericGreaterThan', '$.n', 4, true], ['NumericLessThanEquals', '$.n', 5, true], ['NumericGreaterThanEquals', '$.f', 3, false],
    ['BooleanEquals', '$.b', true, true], ['BooleanEquals', '$.b', false, false],
    ['TimestampEquals', '$.t', '2026-01-01T00:00:10.000Z', true], ['TimestampLessThan', '$.t', '2026-01-01T00:00:11Z', true],
    ['TimestampGreaterThan', '$.t', '2026-01-01T00:00:11Z', false], ['TimestampLessThanEquals', '$.t', '2026-01-01T00:00:10Z', true],
    ['TimestampGreaterThanEquals', '$.t', '2026-01-01T00:00:09Z', true],
    ['NumericLessThan', '$.s', 10, false], ['StringLessThan', '$.n', 'z', false],
  ])('%s on %s against %p → %p', (op, variable, value, expected) => {
    // GIVEN a rule with one comparison
    // WHEN it is evaluated
    // THEN the result is as documented
    expect(m({ Variable: variable, [op]: value }, input)).toBe(expected);
  });

  test.each([
    ['StringEqualsPath', '$.s', '$.other.s', true], ['NumericLessThanPath', '$.n', '$.other.n', true],
    ['NumericGreaterThanEqualsPath', '$.n', '$.other.n', false], ['TimestampLessThanPath', '$.t', '$.other.t', true],
    ['BooleanEqualsPath', '$.b', '$.other.b', true],
  ])('%s compares with another path: %s vs %s → %p', (op, variable, path, expected) => {
    // GIVEN a rule whose value is a path
    // WHEN evaluated
    // THEN the two paths are compared
    expect(m({ Variable: variable, [op]: path }, input)).toBe(expected);
  });

  test('type tests: IsPresent, IsNull, IsBoolean, IsNumeric, IsString, IsTimestamp', () => {
    // GIVEN values of each type
    const data = { nul: null, b: false, n: 0, s: 'x', t: '2026-01-01T00:00:00Z' };
    // WHEN tested
    // THEN each only holds for its type; IsPresent false on a missing field
    expect(m({ Variable: '$.missing', IsPresent: false }, data)).toBe(true);
    expect(m({ Variable: '$.nul', IsPresent: true }, data)).toBe(true);
    expect(m({ Variable: '$.nul', IsNull: true }, data)).toBe(true);
    expect(m({ Variable: '$.b', IsBoolean: true }, data)).toBe(true);
    expect(m({ Variable: '$.n', IsNumeric: true }, data)).toBe(true);
    expect(m({ Variable: '$.s', IsNumeric: true }, data)).toBe(false);
    expect(m({ Variable: '$.s', IsString: true }, data)).toBe(true);
    expect(m({ Variable: '$.t', IsTimestamp: true }, data)).toBe(true);
    expect(m({ Variable: '$.n', IsTimestamp: false }, data)).toBe(true);
  });
});

describe('combinators and context', () => {
  test('And, Or, Not nest', () => {
    // GIVEN (n > 1 and not s == "b") or b
    const rule = {
      Or: [
        { And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Not: { Variable: '$.s', StringEquals: 'b' } }] },
        { Variable: '$.b', BooleanEquals: true },
      ],
    };
    // WHEN evaluated on four inputs
    // THEN the boolean logic holds
    expect(m(rule, { n: 2, s: 'a', b: false })).toBe(true);
    expect(m(rule, { n: 2, s: 'b', b: false })).toBe(false);
    expect(m(rule, { n: 0, s: 'a', b: true })).toBe(true);
    expect(m(rule, { n: 0, s: 'a', b: false })).toBe(false);
  });

  test('a $$ Variable reads the context object', () => {
    // GIVEN a context with an execution name
    // WHEN a rule tests it
    // THEN it reads the context, not the input
    expect(m({ Variable: '$$.Execution.Name', StringMatches: 'nightly-*' }, { Execution: { Name: 'no' } }, { Execution: { Name: 'nightly-42' } })).toBe(true);
  });
});

describe('errors', () => {
  test('a comparison on a missing field fails with States.Runtime', () => {
    // GIVEN a missing variable
    // WHEN compared
    // THEN it fails with the Step Functions message
    expect(errorOf(() => m({ Variable: '$.nope', StringEquals: 'a' }, {}))).toStrictEqual({
      error: 'States.Runtime', cause: "Invalid path '$.nope': The choice state's condition path references an invalid value.",
    });
  });

  test('a rule without comparison or with an unknown operator fails', () => {
    // GIVEN malformed rules
    // WHEN evaluated
    // THEN each fails naming the problem
    expect(errorOf(() => m({ Variable: '$.a' }, { a: 1 }))).toStrictEqual({ error: 'States.Runtime', cause: 'Choice rule on $.a has no comparison' });
    expect(errorOf(() => m({ Variable: '$.a', NumericBetween: [0, 2] }, { a: 1 }))).toStrictEqual({ error: 'States.Runtime', cause: 'Choice operator NumericBetween is not supported by the dagstep local engine' });
  });

  // BUG: in StringMatches, "\*" is an escaped literal asterisk (ASL spec). The engine splits the
  // pattern on every "*" first, so 'a\*b' becomes the regex ^a\\.*b$ (a backslash, then anything):
  // it does not match "a*b" and wrongly matches "a\xyzb".
  test('StringMatches treats an escaped \\* as a literal asterisk', () => {
    // GIVEN the pattern a\*b (as decoded from the JSON "a\\*b")
    // WHEN matched against "a*b" and "axb"
    // THEN only "a*b" matches
    expect([m({ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'a*b' }), m({ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'axb' })]).toStrictEqual([true, false]);
  });
});

describe('IsPresent on an index past the end', () => {
  test('is false, as on AWS (a tolerant map with no failed item sends no "0 of N" letter)', () => {
    // GIVEN an empty list / WHEN / THEN
    expect(matches({ Variable: '$.failedItems[0]', IsPresent: true }, { failedItems: [] }, {})).toBe(false);
    expect(matches({ Variable: '$.failedItems[0]', IsPresent: true }, { failedItems: [3] }, {})).toBe(true);
  });
});
