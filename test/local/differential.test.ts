/* eslint-disable @typescript-eslint/no-require-imports -- the peer engine is loaded after the Promise.withResolvers polyfill below, so not by an import */
// aws-local-stepfunctions 3 uses Promise.withResolvers (Node 22+): polyfill it before loading it.
if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (v: T | PromiseLike<T>) => void;
      let reject!: (e?: unknown) => void;
      const promise = new this<T>((res, rej) => { resolve = res; reject = rej; });
      return { promise, resolve, reject };
    },
  });
}
const { StateMachine } = require('aws-local-stepfunctions') as typeof import('aws-local-stepfunctions');
import { runExecution } from '../../lib/local/engine';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';
type Def = { StartAt: string; States: Record<string, Record<string, unknown>> };

/** The stubbed Lambda both engines call: records (state, input) and computes from the input. */
function behaviour(state: string, input: unknown, previousCalls: number): unknown {
  const x = input as Record<string, unknown> | null;
  if (state === 'Flaky' && previousCalls < 2) throw Object.assign(new Error(`flaky call ${previousCalls}`), { name: 'Transient' });
  if (state === 'Explode') {
    throw Object.assign(new Error('exploded'), { name: 'Boom' });
  }
  return { from: state, got: x, n: typeof x?.n === 'number' ? (x.n) * 2 : null };
}

/** Task state names, at any depth (Parallel branches, Map processors). */
function taskStates(def: Def): string[] {
  const out: string[] = [];
  for (const [name, s] of Object.entries(def.States)) {
    if (s.Type === 'Task') out.push(name);
    for (const b of (s.Branches as Def[] | undefined) ?? []) out.push(...taskStates(b));
    const proc = (s.ItemProcessor ?? s.Iterator) as Def | undefined;
    if (proc) out.push(...taskStates(proc));
  }
  return out;
}

interface Outcome { status: string; output?: unknown; error?: string; calls: [string, unknown][] }

async function runDagstep(def: Def, input: unknown): Promise<Outcome> {
  const calls: [string, unknown][] = [];
  const r = await runExecution(def, input, {
    invokeLambda: async (req) => {
      const previous = calls.filter((c) => c[0] === req.stateName).length;
      calls.push([req.stateName, req.payload]);
      return { payload: behaviour(req.stateName, req.payload, previous), durationSeconds: 0 };
    },
  });
  return r.status === 'SUCCEEDED' ? { status: r.status, output: r.output, calls } : { status: r.status, error: r.error, calls };
}

async function runReference(def: Def, input: unknown): Promise<Outcome> {
  const calls: [string, unknown][] = [];
  const handlers = Object.fromEntries(taskStates(def).map((name) => [name, async (payload: unknown) => {
    const previous = calls.filter((c) => c[0] === name).length;
    calls.push([name, payload]);
    return behaviour(name, payload, previous) as never;
  }]));
  const retryIntervalOverrides = Object.fromEntries(taskStates(def).map((name) => [name, 0]));
  const machine = new StateMachine(JSON.parse(JSON.stringify(def)));
  try {
    const output = await machine.run(input as never, { overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides } }).result;
    return { status: 'SUCCEEDED', output, calls };
  } catch (e) {
    const cause = (e as { cause?: { name?: string } }).cause;
    return { status: 'FAILED', error: cause?.name ?? (e as Error).name, calls };
  }
}

const pass = (extra: object) => ({ Type: 'Pass', ...extra });
const taskState = (extra: object) => ({ Type: 'Task', Resource: FN, ...extra });

const cases: [string, Def, unknown[]][] = [
  ['Pass chain with Parameters, Result, ResultPath, InputPath, OutputPath and intrinsics', {
    StartAt: 'Shape',
    States: {
      Shape: pass({ Parameters: { 'id.$': '$.order.id', 'lines.$': '$.order.lines', fixed: 'x', nested: { 'first.$': '$.order.lines[0]' } }, ResultPath: '$.shaped', Next: 'Label' }),
      Label: pass({ Parameters: { 'label.$': "States.Format('order {} has {} lines', $.shaped.id, States.ArrayLength($.shaped.lines))", 'sum.$': 'States.MathAdd($.shaped.nested.first, 10)' }, ResultPath: '$.label', Next: 'Const' }),
      Const: pass({ Result: { version: 2 }, ResultPath: '$.meta', Next: 'Narrow' }),
      Narrow: pass({ InputPath: '$.label', ResultPath: '$.copy', OutputPath: '$.copy', End: true }),
    },
  }, [{ order: { id: 'o-1', lines: [5, 6, 7] } }, { order: { id: 'o-2', lines: [1] } }]],

  ['Choice with And/Or/Not, string and numeric rules, Default', {
    StartAt: 'Route',
    States: {
      Route: {
        Type: 'Choice',
        Choices: [
          { And: [{ Variable: '$.kind', StringEquals: 'big' }, { Variable: '$.n', NumericGreaterThan: 100 }], Next: 'Big' },
          { Or: [{ Variable: '$.kind', StringMatches: 'sm*' }, { Not: { Variable: '$.n', NumericGreaterThanEquals: 0 } }], Next: 'Small' },
          { Variable: '$.flag', IsPresent: true, Next: 'Flagged' },
        ],
        Default: 'Other',
      },
      Big: pass({ Result: 'big', ResultPath: '$.route', End: true }),
      Small: pass({ Result: 'small', ResultPath: '$.route', End: true }),
      Flagged: pass({ Result: 'flagged', ResultPath: '$.route', End: true }),
      Other: { Type: 'Fail', Error: 'Route.None', Cause: 'no route' },
    },
  }, [{ kind: 'big', n: 500 }, { kind: 'big', n: 5 }, { kind: 'smol', n: 5 }, { kind: 'x', n: -1 }, { kind: 'x', n: 1, flag: null }, { kind: 'x', n: 1 }]],

  ['Parallel of sequential branches with tasks, ResultSelector and ResultPath', {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Parallel', ResultPath: '$.branches', Next: 'Join',
        Branches: [
          { StartAt: 'A1', States: { A1: taskState({ Parameters: { 'n.$': '$.n' }, ResultSelector: { 'doubled.$': '$.n' }, End: true }) } },
          { StartAt: 'B0', States: { B0: pass({ Result: { n: 3 }, Next: 'B1' }), B1: taskState({ End: true, OutputPath: '$.got' }) } },
        ],
      },
      Join: pass({ Parameters: { 'a.$': '$.branches[0].doubled', 'b.$': '$.branches[1]' }, End: true }),
    },
  }, [{ n: 4 }]],

  ['Map with ItemsPath, ItemSelector from the context object and MaxConcurrency 1', {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 1, ResultPath: '$.results', End: true,
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'n.$': '$$.Map.Item.Value.n', 'batch.$': '$.batch' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Work',
          States: { Work: taskState({ ResultSelector: { 'n.$': '$.n', 'from.$': '$.from' }, Next: 'Tag' }), Tag: pass({ Result: true, ResultPath: '$.tagged', End: true }) },
        },
      },
    },
  }, [{ batch: 'b1', items: [{ n: 1 }, { n: 2 }, { n: 3 }] }, { batch: 'b2', items: [] }]],

  ['Tasks with Catch to a recovery path and to Fail', {
    StartAt: 'First',
    States: {
      First: taskState({ Parameters: { 'n.$': '$.n' }, ResultPath: '$.first', Next: 'Explode' }),
      Explode: taskState({ Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.caught', Next: 'Check' }], Next: 'Never' }),
      Never: pass({ End: true }),
      Check: { Type: 'Choice', Choices: [{ Variable: '$.stop', BooleanEquals: true, Next: 'Stop' }], Default: 'After' },
      After: taskState({ InputPath: '$.first', Parameters: { 'n.$': '$.n' }, ResultPath: '$.after', OutputPath: '$.after', End: true }),
      Stop: { Type: 'Fail', Error: 'Stopped', Cause: 'asked to stop' },
    },
  }, [{ n: 1, stop: false }, { n: 2, stop: true }]],

  ['Retry until success, then a retrier that gives up into a Catch', {
    StartAt: 'Flaky',
    States: {
      Flaky: taskState({ Parameters: { 'n.$': '$.n' }, ResultPath: '$.flaky', Retry: [{ ErrorEquals: ['Other'], MaxAttempts: 5 }, { ErrorEquals: ['Transient'], MaxAttempts: 3 }], Next: 'Explode' }),
      Explode: taskState({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }], Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Done' }], End: true }),
      Done: pass({ End: true }),
    },
  }, [{ n: 6 }]],

  ['Nested Map inside Parallel with Parameters', {
    StartAt: 'Outer',
    States: {
      Outer: {
        Type: 'Parallel', End: true,
        Branches: [
          {
            StartAt: 'Inner', States: {
              Inner: {
                Type: 'Map', ItemsPath: '$.xs', MaxConcurrency: 1, End: true,
                Parameters: { 'n.$': '$$.Map.Item.Value' },
                Iterator: { StartAt: 'Leaf', States: { Leaf: taskState({ ResultSelector: { 'v.$': '$.n' }, End: true }) } },
              },
            },
          },
          { StartAt: 'Echo', States: { Echo: pass({ InputPath: '$.xs', End: true }) } },
        ],
      },
    },
  }, [{ xs: [10, 20] }]],
];

describe('differential: dagstep local engine vs aws-local-stepfunctions 3', () => {
  for (const [name, def, inputs] of cases) {
    test.each(inputs.map((i) => [JSON.stringify(i), i]))(`${name} — input %s`, async (_label, input) => {
      // GIVEN a JSONPath-only definition and one input
      // WHEN both engines run it with the same Lambda stub
      const [ours, reference] = await Promise.all([runDagstep(def, input), runReference(def, input)]);
      // THEN status, output (or error) and the order of task invocations agree
      expect(ours).toStrictEqual(reference);
    });
  }
});
