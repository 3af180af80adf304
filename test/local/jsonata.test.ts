import { runExecution } from '../../lib/local/engine';
import { QueryEvaluationError } from '../../lib/local/errors';
import { assign, evalJsonata, evalJsonataAs, JsonataOptions } from '../../lib/local/jsonata';

describe('JSONata states', () => {
  test('Arguments, Output, Assign, Items, Condition and variables, with retries on the virtual clock', async () => {
    // GIVEN a JSONata machine: assign, call a Lambda (fails once), fan out, choose, succeed
    const def = {
      QueryLanguage: 'JSONata', StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Assign: { total: '{% $states.input.n * 2 %}' }, Output: { n: '{% $states.input.n %}' }, Next: 'Call' },
        Call: {
          Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f', Payload: { x: '{% $total %}' } },
          Output: '{% $states.result.Payload %}', Next: 'Fan',
          Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, JitterStrategy: 'NONE' }],
        },
        Fan: {
          Type: 'Map', Items: '{% [1, 2, 3] %}', MaxConcurrency: 2, Output: '{% $sum($states.result) %}', Next: 'Check',
          ItemProcessor: { StartAt: 'Sq', States: { Sq: { Type: 'Pass', Output: '{% $states.input * $states.input %}', End: true } } },
        },
        Check: { Type: 'Choice', Choices: [{ Condition: '{% $states.input = 14 %}', Next: 'Ok' }], Default: 'Bad' },
        Ok: { Type: 'Succeed', Output: { sum: '{% $states.input %}', total: '{% $total %}' } },
        Bad: { Type: 'Fail', Error: 'Bad', Cause: '{% $string($states.input) %}' },
      },
    };
    let calls = 0;
    // WHEN
    const r = await runExecution(def, { n: 5 }, {
      invokeLambda: async (req) => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('blip'), { name: 'TransientError' });
        return { payload: (req.payload as { x: number }).x, durationSeconds: 1 };
      },
    });
    // THEN
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual({ sum: 14, total: 10 });
    expect(calls).toBe(2);
    expect(r.makespanSeconds).toBe(2);
  });

  test('a Catch exposes $states.errorOutput; a Fail state evaluates its Error and Cause', async () => {
    // GIVEN
    const def = {
      QueryLanguage: 'JSONata', StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true,
          Catch: [{ ErrorEquals: ['States.ALL'], Output: { why: '{% $states.errorOutput.Error %}' }, Next: 'F' }] },
        F: { Type: 'Fail', Error: '{% "Wrapped" & $states.input.why %}', Cause: 'see logs' },
      },
    };
    // WHEN
    const r = await runExecution(def, {}, { invokeLambda: async () => { throw Object.assign(new Error('x'), { name: 'ValidationError' }); } });
    // THEN
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'WrappedValidationError', 'see logs']);
  });

  test('variables assigned inside a Parallel branch do not leak out; outer ones are visible inside', async () => {
    const def = {
      QueryLanguage: 'JSONata', StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { outer: 1 }, Next: 'P' },
        P: {
          Type: 'Parallel', Next: 'After', Output: '{% $states.result %}',
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Assign: { outer: 99 }, Output: '{% $outer %}', End: true } } }],
        },
        After: { Type: 'Pass', Output: { seen: '{% $states.input %}', outer: '{% $outer %}' }, End: true },
      },
    };
    const r = await runExecution(def, {}, { invokeLambda: async () => ({ payload: null }) });
    expect(r.output).toStrictEqual({ seen: [1], outer: 1 });
  });

  test('a bad expression is a States.QueryEvaluationError naming the expression', async () => {
    await expect(evalJsonata('{% $states.input.( %}', { states: { input: {} } })).rejects.toThrow(QueryEvaluationError);
    await expect(evalJsonata('{% $states.input.( %}', { states: { input: {} } }, { field: 'Output' })).rejects.toMatchObject({
      error: 'States.QueryEvaluationError', cause: expect.stringMatching(/^The JSONata expression '\$states.input.\(' specified for the field 'Output' could not be parsed\. S0\d{3}: /),
    });
    const vars: Record<string, unknown> = {};
    await assign({ a: '{% 1 + 1 %}', b: 'lit' }, {}, vars);
    expect(vars).toStrictEqual({ a: 2, b: 'lit' });
  });
});

const evaluate = (expr: string, input: unknown = {}, options: JsonataOptions = {}) => evalJsonata(`{% ${expr} %}`, { states: { input } }, options);
const failure = async (value: unknown, field = 'Output', bindings: Record<string, unknown> = { states: { input: {} } }) => {
  try { await evalJsonata(value, bindings, { field }); } catch (e) { return { error: (e as QueryEvaluationError).error,
    cause: (e as QueryEvaluationError).cause, typed: e instanceof QueryEvaluationError }; }
  return undefined;
};

/**
 * Step Functions' JSONata functions (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn)
 * and AWS's edges, as recorded by hectorvent/floci (docs/services/step-functions.md "JSONata
 * functions", verified against AWS) and issue 11 point 2.
 */
describe('Step Functions JSONata functions', () => {
  test('$partition splits into chunks, the last holding the remainder; sizes are truncated', async () => {
    expect(await evaluate('$partition([0], 2)')).toStrictEqual([[0]]); // issue 11 point 2, recorded on AWS
    expect(await evaluate('$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)')).toStrictEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(await evaluate('$partition([1, 2, 3, 4, 5], 2.9)')).toStrictEqual([[1, 2], [3, 4], [5]]);
  });

  test('$range is inclusive when the step lands on the end, truncates, and collapses one element to the number', async () => {
    expect(await evaluate('$range(0, 10, 2)')).toStrictEqual([0, 2, 4, 6, 8, 10]);
    expect(await evaluate('$range(1, 8, 2)')).toStrictEqual([1, 3, 5, 7]);
    expect(await evaluate('$range(9, 1, -2)')).toStrictEqual([9, 7, 5, 3, 1]);
    expect(await evaluate('$range(-1.7, 2, 1)')).toStrictEqual([-1, 0, 1, 2]);
    expect(await evaluate('$range(3, 3, 1)')).toBe(3);
  });

  test('a chunk size of 0, an empty array, a range without step or with a step pointing away give undefined: the field fails', async () => {
    for (const expr of ['$partition([1, 2], 0)', '$partition([], 2)', '$range(0, 4)', '$range(3, 1, 1)', '$range(1, 3, -1)', "$hash('x')"]) {
      expect(await failure(`{% ${expr} %}`)).toStrictEqual({
        error: 'States.QueryEvaluationError', typed: true, cause: `The JSONata expression '${expr}' specified for the field 'Output' returned nothing (undefined).`,
      });
    }
  });

  test('a wrong argument type is a signature error (T0410)', async () => {
    expect(await failure("{% $range('0', 4, 1) %}")).toStrictEqual({
      error: 'States.QueryEvaluationError', typed: true,
      cause: "The JSONata expression '$range('0', 4, 1)' specified for the field 'Output' threw an error during evaluation. T0410: Argument 1 of function \"range\" does not match function signature",
    });
  });

  test('$hash: MD5, SHA-1, SHA-256, SHA-384, SHA-512 as hex, case-sensitive', async () => {
    expect(await evaluate("$hash('hello', 'MD5')")).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(await evaluate("$hash('hello', 'SHA-1')")).toBe('aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    expect(await evaluate("$hash('hello', 'SHA-256')")).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(await evaluate("$hash('hello', 'SHA-384')")).toBe('59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f');
    expect(await evaluate("$hash('hello', 'SHA-512')")).toBe('9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043');
    expect((await failure("{% $hash('hello', 'sha-256') %}"))?.error).toBe('States.QueryEvaluationError');
  });

  test('$random() is in [0, 1) from the run\'s random source; $random(seed) repeats', async () => {
    expect(await evaluate('$random()', {}, { random: () => 0.25 })).toBe(0.25);
    const a = await evaluate('$random(42)') as number;
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
    expect(await evaluate('$random(42)')).toBe(a);
    expect(await evaluate('$random(43)')).not.toBe(a);
  });

  test('$uuid() is a v4 UUID', async () => {
    expect(await evaluate('$uuid()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await evaluate('$uuid()', {}, { random: () => 0.5 })).toBe(await evaluate('$uuid()', {}, { random: () => 0.5 }));
  });

  test('$parse deserialises a JSON string; $eval is not available', async () => {
    expect(await evaluate("$parse('{\"a\":[1,2]}')")).toStrictEqual({ a: [1, 2] });
    expect(await evaluate('$parse($states.input.s).x', { s: '{"x":true}' })).toBe(true);
    expect((await failure("{% $parse('{oops') %}"))?.error).toBe('States.QueryEvaluationError');
    expect((await failure("{% $eval('1') %}"))?.cause).toBe("The JSONata expression '$eval('1')' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function");
  });
});

describe('JSONata evaluation failures (States.QueryEvaluationError)', () => {
  test('an expression that returns nothing names the field, with / for keys and [i] for indexes', async () => {
    // Cause recorded on AWS: "The JSONata expression '$states.input.pushLocation' specified for the field
    // 'Arguments/Input/pushLocation' returned nothing (undefined)." (umccr orcabus, an execution's error output)
    expect(await failure('{% $doesNotExist %}')).toStrictEqual({
      error: 'States.QueryEvaluationError', typed: true, cause: "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).",
    });
    expect((await failure({ Input: { pushLocation: '{% $states.input.pushLocation %}' } }, 'Arguments'))?.cause)
      .toBe("The JSONata expression '$states.input.pushLocation' specified for the field 'Arguments/Input/pushLocation' returned nothing (undefined).");
    expect((await failure({ a: { b: ['{% 1 %}', '{% $nope %}'] } }))?.cause)
      .toBe("The JSONata expression '$nope' specified for the field 'Output/a/b[1]' returned nothing (undefined).");
    const vars = {};
    await expect(assign({ x: '{% $nope %}' }, { states: { input: {} } }, vars)).rejects.toMatchObject({ cause: "The JSONata expression '$nope' specified for the field 'Assign/x' returned nothing (undefined)." });
  });

  test('without a field, nothing is returned as undefined (the caller names the field)', async () => {
    expect(await evalJsonata('{% $nope %}', {})).toBe(undefined);
  });

  test('a non-finite number is written as its name (floci docs "JSON has no literal for a non-finite number", measured on AWS)', async () => {
    expect(await evaluate('1/0')).toBe('Infinity');
    expect(await evaluate('-1/0')).toBe('-Infinity');
    expect(await evaluate('[1/0]')).toStrictEqual(['Infinity']);
    expect(await evaluate('{"k": 1/0}')).toStrictEqual({ k: 'Infinity' });
    expect(await evaluate('$parseInteger("abc", "0")')).toBe('NaN');
  });

  test('null is a value, not nothing', async () => {
    // floci "JSONata nulls" (AWS): {"v": "{% $states.input.bar %}"} on {"bar": null} -> {"v": null}
    expect(await evalJsonata({ v: '{% $states.input.bar %}' }, { states: { input: { bar: null } } })).toStrictEqual({ v: null });
  });

  test('an undefined function and a type error are evaluation errors with the JSONata code', async () => {
    expect((await failure('{% $nope(1) %}'))?.cause).toBe("The JSONata expression '$nope(1)' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function");
    expect((await failure("{% 1 + 'a' %}"))?.cause).toBe("The JSONata expression '1 + 'a'' specified for the field 'Output' threw an error during evaluation. T2002: The right side of the \"+\" operator must evaluate to a number");
  });

  test('a string with text around {% %} is a literal (issue 11 point 9, recorded AWS behaviour)', async () => {
    expect(await evalJsonata(' {% 1 + 1 %} ', {})).toBe(' {% 1 + 1 %} ');
    expect(await evalJsonata('{% 1 + 1 %}', {})).toBe(2);
  });
});

describe('evalJsonataAs', () => {
  test('a value of the wrong type fails naming the expected and received types (Map "Items": "{% 1 %}", issue 11 point 3)', async () => {
    // Wording from LocalStack's Items evaluation (its snapshot tests are recorded on AWS)
    await expect(evalJsonataAs('{% 1 %}', 'array', {}, { field: 'Items' })).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
    });
    await expect(evalJsonataAs("{% 'a' %}", 'boolean', {}, { field: 'Choices[0]/Condition' })).rejects.toMatchObject({
      cause: "The JSONata expression ''a'' specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'string' for value: \"a\"",
    });
    expect(await evalJsonataAs('{% [1, 2] %}', 'array', {}, { field: 'Items' })).toStrictEqual([1, 2]);
    expect(await evalJsonataAs([1, '{% 2 %}'], 'array', {}, { field: 'Items' })).toStrictEqual([1, 2]);
  });
});

describe('bounded evaluation: no expression hangs the engine', () => {
  test('an endless tail recursion fails at the time bound, an endless recursion at the depth bound', async () => {
    // Step Functions bounds evaluation too (floci docs/services/step-functions.md "Evaluation is bounded", measured on AWS)
    await expect(evalJsonata('{% ($f := function($x){ $f($x) }; $f(1)) %}', {}, { field: 'Output', timeoutMillis: 200 })).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: "The JSONata expression '($f := function($x){ $f($x) }; $f(1))' specified for the field 'Output' threw an error during evaluation. U1002: Expression evaluation timeout: Check for infinite loop",
    });
    await expect(evalJsonata('{% ($f := function($x){ 1 + $f($x) }; $f(1)) %}', {}, { field: 'Output' })).rejects.toMatchObject({
      error: 'States.QueryEvaluationError', cause: expect.stringContaining('U1001: Stack overflow error'),
    });
  });

  test('what AWS accepts still evaluates: 100 terms, a non-tail recursion 31 deep', async () => {
    expect(await evalJsonata(`{% ${Array(100).fill('1').join(' + ')} %}`, {})).toBe(100);
    expect(await evalJsonata('{% ($f := function($n){ $n <= 1 ? 1 : $n + $f($n - 1) }; $f(31)) %}', {})).toBe(496);
  });
});

describe('through the engine (issue 11 point 2)', () => {
  const run = (state: Record<string, unknown>, input: unknown = {}) => runExecution(
    { QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { ...state, End: true } } }, input, { invokeLambda: async () => ({ payload: null }) },
  );

  test('{% $partition([0], 2) %} outputs [[0]] (recorded on AWS)', async () => {
    const r = await run({ Type: 'Pass', Output: '{% $partition([0], 2) %}' });
    expect([r.status, r.output]).toStrictEqual(['SUCCEEDED', [[0]]]);
  });
});
