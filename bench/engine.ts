import { runExecution } from '../lib/local/engine';
import { simulate } from '../lib/cli/simulate';
import { EXAMPLES } from '../examples';

/** A Map over n items whose item task is a trivial Lambda. */
export function mapDefinition(n: number) {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 0, ResultPath: '$.out',
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work', End: true } } },
        Next: 'Done',
      },
      Done: { Type: 'Pass', Parameters: { 'count.$': 'States.ArrayLength($.out)' }, End: true },
    },
  };
}

/** Ours vs aws-local-stepfunctions on the same 10,000-item Map definition. */
export async function mapBenchmark(n = 10000) {
  const def = mapDefinition(n);
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const input = { items: Array.from({ length: n }, (_, i) => i + 1) };
  const ours = await runExecution(def, input, { invokeLambda: async (r) => ({ payload: (r.payload as number) * 2, durationSeconds: 0.1 }), keepHistory: false });
  const oursMs = performance.now() - t0;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  if ((ours.output as { count: number }).count !== n) throw new Error('bench: wrong map output');
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { StateMachine } = require('aws-local-stepfunctions');
  const sm = new StateMachine(def);
  const t1 = performance.now();
  const out = await sm.run(input, { overrides: { taskResourceLocalHandlers: { Work: async (x: number) => x * 2 } } }).result;
  const theirsMs = performance.now() - t1;
  if (out.count !== n) throw new Error('bench: aws-local-stepfunctions gave a wrong output');
  return { items: n, oursMs, theirsMs, speedup: theirsMs / oursMs, oursHeapMb: heapMb, historyEvents: ours.historyEvents };
}

/** `simulate` of the ETL example: 1,000 executions with 30 % transient and 5 % permanent faults. */
export async function simulateBenchmark() {
  const r = await simulate(EXAMPLES[0].load(), { executions: 1000, transientRate: 0.3, permanentRate: 0.05, seed: 1, input: { date: '2026-11-24' } });
  return r;
}
