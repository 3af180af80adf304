import { queryLanguageOf, validateState } from '../../lib/local/validate';

describe('validate', () => {
  test('JSONPath states accept Assign and the *Path options; JSONata states reject JSONPath fields', () => {
    // GIVEN / WHEN / THEN
    expect(() => validateState('M', { Type: 'Map', Assign: {}, MaxConcurrencyPath: '$.c', ToleratedFailureCountPath: '$.n', ItemProcessor: { StartAt: 'A', States: {} } }, 'JSONPath')).not.toThrow();
    expect(() => validateState('T', { Type: 'Task', Resource: 'x', TimeoutSecondsPath: '$.t', HeartbeatSecondsPath: '$.h', Assign: {} }, 'JSONPath')).not.toThrow();
    expect(() => validateState('J', { Type: 'Pass', InputPath: '$' }, 'JSONata')).toThrow('state "J": field InputPath on a JSONata Pass state is not supported by the dagstep local engine');
    expect(() => validateState('F', { Type: 'Fail', Assign: {} }, 'JSONPath')).toThrow('state "F": field Assign on a Fail state');
  });

  test('queryLanguageOf: the state field, else the machine', () => {
    expect([queryLanguageOf({ Type: 'Pass' }, 'JSONata'), queryLanguageOf({ Type: 'Pass', QueryLanguage: 'JSONPath' }, 'JSONata'), queryLanguageOf({ Type: 'Pass', QueryLanguage: 'JSONata' }, 'JSONPath')])
      .toStrictEqual(['JSONata', 'JSONPath', 'JSONata']);
  });
});

describe('validate: Retry fields', () => {
  test('a Retry field that is not a number is rejected, naming the state (it never reaches the clock)', () => {
    expect(() => validateState('T', { Type: 'Task', Resource: 'x', Retry: [{ ErrorEquals: ['E'], IntervalSeconds: '$interval' as unknown as number }] }, 'JSONPath'))
      .toThrow('state "T": Retry IntervalSeconds "$interval" (a number is required) is not supported by the dagstep local engine');
  });
});
