import fc from 'fast-check';
import { runExecution } from '../../lib/local/engine';
import { FN } from './private/stubs';

/*
 * No definition or input can hang or crash the engine: whatever runs ends with a result (any
 * status) or, for a construct the engine does not support, an UnsupportedError, never a
 * RangeError, TypeError or a hang. Definitions are drawn from every state type in both query
 * languages, with random (often wrong) field values, paths, intrinsics and JSONata expressions.
 */
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 6 }),
    fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'Items', 'x'), tie('v'), { maxKeys: 3 })),
})).v;
const path = fc.constantFrom('$', '$.a', '$.b[0]', '$.a.b.c', '$..a', "$['a']", "$['Test\\\"Name']", '$$.Execution.Input', '$$.Map.Item.Value', '$.Items', '$x', '$.nope', 'not a path', '$[');
const intrinsic = fc.constantFrom('States.Format(\'{}\', $.a)', 'States.MathAdd($.a, 1)', 'States.ArrayLength($.Items)', 'States.JsonToString($)', 'States.StringToJson($.a)',
  'States.Array(States.Array(1))', 'States.ArrayRange(1, 9999999, 1)', 'States.Hash($.a, \'SHA-1\')', 'States.UUID()', 'States.Base64Decode($.a)', 'States.MathAdd(States.MathAdd($x, 1), 2)');
const expression = fc.constantFrom('$states.input', '$states.input.a', '$x', '1/0', '$range(1, 1e9)', "$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)",
  "$replace('aaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(\\w*)*x/, 'b')", '($f := function($n){ 1 + $f($n + 1) }; $f(0))', 'function($x){$x}', '[1, function($x){$x}]', '$states.context.Execution.Input',
  '$string($states.input)', '$partition([1,2,3], 0)', '$hash(1)', '$eval("1")', '{"a": $states.input}', '$states.input.Items', '"2016-12-05T21:29:29Z"', '-1', '1.5', 'true', 'null');
const jsonataValue = fc.oneof(expression.map((e) => `{% ${e} %}`), json);

type States = Record<string, Record<string, unknown>>;
type Spec = Record<string, fc.Arbitrary<unknown>>;
/** A state of these fields, `required` always present, the others drawn or left out. */
const rec = (spec: Spec, required: string[] = Object.keys(spec)) =>
  fc.record(spec, { requiredKeys: required as never[] }) as unknown as fc.Arbitrary<Record<string, unknown>>;
/** A machine of up to 4 states (each going to the next), nesting up to `depth` Parallels / Maps. */
const machine = (depth: number, jsonata: boolean): fc.Arbitrary<{ StartAt: string; States: States }> => {
  const inner = depth > 0 ? machine(depth - 1, jsonata) : fc.constant({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const v = jsonata ? jsonataValue : json;
  const state: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    rec({ Type: fc.constant('Pass'), ...(jsonata ? { Output: v, Assign: fc.record({ x: v }) } : { Parameters: fc.oneof(json, fc.record({ 'a.$': path }), fc.record({ 'b.$': intrinsic })), ResultPath: fc.oneof(path, fc.constant(null)), Assign: fc.record({ x: fc.oneof(json, intrinsic) }) }) }, ['Type']),
    rec({ Type: fc.constant('Task'), Resource: fc.constant(FN), ...(jsonata ? { Arguments: v } : { InputPath: path, ResultSelector: fc.record({ 'r.$': path }) }),
      Retry: fc.constant([{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 1 }]), Catch: fc.constant([{ ErrorEquals: ['States.ALL'], Next: 'End' }]) }, ['Type', 'Resource']),
    rec({ Type: fc.constant('Wait'), ...(jsonata ? { Seconds: v } : { SecondsPath: path }) }),
    rec({ Type: fc.constant('Wait'), ...(jsonata ? { Timestamp: v } : { TimestampPath: path }) }),
    rec({ Type: fc.constant('Fail'), ...(jsonata ? { Error: v, Cause: v } : { ErrorPath: path, CausePath: fc.oneof(path, intrinsic) }) }, ['Type']),
    rec({ Type: fc.constant('Choice'), Choices: fc.constant(jsonata ? [{ Condition: '{% $states.input.a = 1 %}', Next: 'End' }] : [{ Variable: '$.a', NumericEquals: 1, Next: 'End' }]), Default: fc.constant('End') }),
    rec({ Type: fc.constant('Parallel'), Branches: fc.array(inner, { minLength: 1, maxLength: 2 }) }),
    rec({ Type: fc.constant('Map'), ...(jsonata ? { Items: v, MaxConcurrency: v } : { ItemsPath: path, MaxConcurrencyPath: path, ToleratedFailurePercentagePath: path }), ItemProcessor: inner.map((m) => ({ ProcessorConfig: { Mode: 'INLINE' }, ...m })) }, ['Type', 'ItemProcessor']),
  );
  return fc.array(state, { minLength: 1, maxLength: 4 }).map((list) => {
    const States: States = {};
    list.forEach((s, i) => {
      const terminal = s.Type === 'Fail' || s.Type === 'Choice';
      States[`S${i}`] = terminal ? s : { ...s, Next: i === list.length - 1 ? 'End' : `S${i + 1}` };
    });
    States.End = { Type: 'Succeed' };
    return { StartAt: 'S0', States };
  });
};

describe('fuzz: no definition or input hangs or crashes the engine', () => {
  test.each([['JSONPath', false], ['JSONata', true]] as const)('%s definitions over random inputs end with a result', async (_ql, jsonata) => {
    await fc.assert(fc.asyncProperty(machine(2, jsonata), json, async (m, input) => {
      // GIVEN a random definition and input
      const definition = jsonata ? { QueryLanguage: 'JSONata', ...m } : m;
      // WHEN it runs, its Lambda echoing with a random failure
      let outcome: string;
      try {
        const r = await runExecution(definition, input, { invokeLambda: async (req) => ({ payload: req.payload, durationSeconds: 1 }), keepHistory: false });
        outcome = r.status;
      } catch (e) {
        outcome = (e as Error).name;
      }
      // THEN it ended with a status, or refused an unsupported construct
      return ['SUCCEEDED', 'FAILED', 'UnsupportedError'].includes(outcome);
    }), { numRuns: 150, seed: 7 });
  }, 60_000);
});
