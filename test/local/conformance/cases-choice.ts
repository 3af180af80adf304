import { at, ConformanceCase, DOC, failed, ok, RECORDED } from './case';

const Y = { Type: 'Pass', Result: 'yes', End: true };
const N = { Type: 'Pass', Result: 'no', End: true };
/** A Choice on one rule going to Yes, else No. */
const choice = (rule: Record<string, unknown>, withDefault = true) => ({
  StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], ...(withDefault ? { Default: 'No' } : {}) }, Yes: Y, No: N },
});

/** Choice rules (JSONPath). */
export const CHOICE_CASES: ConformanceCase[] = [
  { name: 'choice: NumericEquals matches', definition: choice({ Variable: '$.n', NumericEquals: 1 }), input: { n: 1 }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: NumericEquals falls to Default', definition: choice({ Variable: '$.n', NumericEquals: 1 }), input: { n: 2 }, expected: ok('no'), source: DOC.choice },
  { name: 'choice: NumericLessThan', definition: choice({ Variable: '$.n', NumericLessThan: 10 }), input: { n: 3 }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: NumericGreaterThanEquals', definition: choice({ Variable: '$.n', NumericGreaterThanEquals: 3 }), input: { n: 3 }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: NumericEqualsPath compares two fields', definition: choice({ Variable: '$.a', NumericEqualsPath: '$.b' }), input: { a: 2, b: 2 }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: StringEquals', definition: choice({ Variable: '$.s', StringEquals: 'x' }), input: { s: 'x' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: StringMatches with a wildcard', definition: choice({ Variable: '$.s', StringMatches: 'log-*.txt' }), input: { s: 'log-2024.txt' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: StringMatches without a match', definition: choice({ Variable: '$.s', StringMatches: 'log-*.txt' }), input: { s: 'log-2024.csv' }, expected: ok('no'), source: DOC.choice },
  { name: 'choice: StringLessThan compares lexically', definition: choice({ Variable: '$.s', StringLessThan: 'b' }), input: { s: 'a' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: BooleanEquals', definition: choice({ Variable: '$.b', BooleanEquals: false }), input: { b: false }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: TimestampGreaterThan', definition: choice({ Variable: '$.t', TimestampGreaterThan: '2001-01-01T12:00:00Z' }), input: { t: '2016-03-14T01:59:00Z' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: IsPresent false on a missing field', definition: choice({ Variable: '$.x', IsPresent: false }), input: {}, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: IsNull', definition: choice({ Variable: '$.x', IsNull: true }), input: { x: null }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: IsNumeric false on a string', definition: choice({ Variable: '$.x', IsNumeric: true }), input: { x: '1' }, expected: ok('no'), source: DOC.choice },
  { name: 'choice: IsString', definition: choice({ Variable: '$.x', IsString: true }), input: { x: '1' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: IsTimestamp', definition: choice({ Variable: '$.x', IsTimestamp: true }), input: { x: '2016-03-14T01:59:00Z' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: And of two comparisons', definition: choice({ And: [{ Variable: '$.n', NumericGreaterThanEquals: 20 }, { Variable: '$.n', NumericLessThan: 30 }] }), input: { n: 25 }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: Or', definition: choice({ Or: [{ Variable: '$.a', StringEquals: 'x' }, { Variable: '$.b', StringEquals: 'y' }] }), input: { a: 'q', b: 'y' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: Not', definition: choice({ Not: { Variable: '$.type', StringEquals: 'Private' } }), input: { type: 'Public' }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: the first matching rule wins', definition: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 0, Next: 'Yes' }, { Variable: '$.n', NumericGreaterThan: 1, Next: 'No' }] }, Yes: Y, No: N } },
    input: { n: 5 }, expected: ok('yes'), source: DOC.choice },
  { name: 'choice: no match and no Default is States.NoChoiceMatched', definition: choice({ Variable: '$.n', NumericEquals: 1 }, false), input: { n: 2 }, expected: failed('States.NoChoiceMatched'), source: DOC.errors },
  { name: 'choice: a comparison on a missing field is States.Runtime', definition: choice({ Variable: '$.x', NumericEquals: 1 }), input: {},
    expected: failed('States.Runtime', at('C', 2, "Invalid path '$.x': The choice state's condition path references an invalid value.")), source: RECORDED.choicePath },
  { name: 'choice: a type mismatch does not match', definition: choice({ Variable: '$.x', NumericEquals: 1 }), input: { x: '1' }, expected: ok('no'), source: DOC.choice },
  { name: 'choice: InputPath and OutputPath apply to the Choice state', definition: { StartAt: 'C', States: { C: { Type: 'Choice', InputPath: '$.in', OutputPath: '$.v', Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'End' }] }, End: { Type: 'Succeed' } } },
    input: { in: { v: 1 } }, expected: ok(1), source: DOC.choice },
  { name: 'choice: the Choice passes its input to the next state', definition: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'End' }] }, End: { Type: 'Succeed' } } },
    input: { v: 1, w: 2 }, expected: ok({ v: 1, w: 2 }), source: DOC.choice },
];
