import { runExecution } from '../../lib/local/engine';
import { assign, evalJsonata } from '../../lib/local/jsonata';

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
    await expect(evalJsonata('{% $states.input.( %}', { states: { input: {} } })).rejects.toThrow('invalid JSONata');
    const vars: Record<string, unknown> = {};
    await assign({ a: '{% 1 + 1 %}', b: 'lit' }, {}, vars);
    expect(vars).toStrictEqual({ a: 2, b: 'lit' });
  });
});
