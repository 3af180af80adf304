import { asStatesError, dataLimitExceeded, exceedsPayloadLimit, PAYLOAD_LIMIT_BYTES, QueryEvaluationError, runtimeError, StatesError } from '../../lib/local/errors';

describe('errors', () => {
  test('exceedsPayloadLimit counts UTF-8 bytes of the JSON text, exactly at the limit', () => {
    // GIVEN strings whose JSON (with quotes) is exactly the limit, one byte over, and multi-byte text
    const atLimit = 'x'.repeat(PAYLOAD_LIMIT_BYTES - 2);
    // WHEN / THEN
    expect([exceedsPayloadLimit(atLimit), exceedsPayloadLimit(`${atLimit}x`), exceedsPayloadLimit('é'.repeat(131_072)), exceedsPayloadLimit(42), exceedsPayloadLimit(null)])
      .toStrictEqual([false, true, true, false, false]);
  });

  test('dataLimitExceeded and runtimeError carry AWS wording', () => {
    expect([dataLimitExceeded('T').error, dataLimitExceeded('T').cause]).toStrictEqual(['States.DataLimitExceeded', "The state/task 'T' returned a result with a size exceeding the maximum number of bytes service limit."]);
    expect(runtimeError('W', 2, 'detail').cause).toBe("An error occurred while executing the state 'W' (entered at the event id #2). detail");
  });

  test('a StatesError without cause has none; a QueryEvaluationError is States.QueryEvaluationError with its cause', () => {
    const e = new StatesError('States.Timeout');
    const q = new QueryEvaluationError('m');
    expect([e.error, e.cause, e.message]).toStrictEqual(['States.Timeout', undefined, 'States.Timeout']);
    expect([q instanceof StatesError, q.error, q.cause]).toStrictEqual([true, 'States.QueryEvaluationError', 'm']);
  });
});

describe('asStatesError', () => {
  test('names a handler error by its name, as Lambda does', () => {
    // GIVEN a handler's error with its own name
    // WHEN read as an ASL error
    const e = asStatesError(Object.assign(new Error('boom'), { name: 'TransientError' }));
    // THEN error is the name, cause Lambda's JSON
    expect([e.error, e.cause]).toStrictEqual(['TransientError', '{"errorMessage":"boom","errorType":"TransientError"}']);
  });
});
