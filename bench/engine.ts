import { runExecution } from '../lib/local/engine';
import { simulate } from '../lib/cli/simulate';
import { EXAMPLES } from '../examples';
import { measureConformance } from '../test/local/conformance/corpus';

/** The part of aws-local-stepfunctions' API the benchmark uses. */
interface PeerStateMachine {
  new (definition: object): {
    run(input: unknown, options: { overrides: { taskResourceLocalHandlers: Record<string,
      (x: number) => Promise<number>> } }): { result: Promise<{ count: number }> };
  };
}

/** A Map over n items whose item task is a trivial Lambda. */
export function mapDefinition(_n: number) {
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

/**
 * Ours vs aws-local-stepfunctions on the same 10,000-item Map definition: both warmed up on 1,000
 * items first, then the best of three runs each (so neither pays the other's JIT warm-up).
 */
export async function mapBenchmark(n = 10000) {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
  // Loaded after the Promise.withResolvers polyfill above (the peer engine needs it at load time).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: an import would load it before the polyfill
  const { StateMachine } = require('aws-local-stepfunctions') as { StateMachine: PeerStateMachine };
  const items = (k: number) => ({ items: Array.from({ length: k }, (_, i) => i + 1) });
  // EXPRESS: a 10,000-item inline Map writes ~70,000 history events, past a Standard execution's 25,000-event quota.
  const ours = async (k: number) => runExecution(mapDefinition(k), items(k), { invokeLambda: async (r) => ({ payload: (r.payload as number) * 2, durationSeconds: 0.1 }), keepHistory: false, type: 'EXPRESS' });
  const theirs = async (k: number) => new StateMachine(mapDefinition(k)).run(items(k),
    { overrides: { taskResourceLocalHandlers: { Work: async (x: number) => x * 2 } } }).result;
  await ours(1000);
  await theirs(1000);
  let oursMs = Infinity;
  let theirsMs = Infinity;
  let historyEvents = 0;
  let heapMb = 0;
  for (let round = 0; round < 3; round++) {
    const heap0 = process.memoryUsage().heapUsed;
    let t = performance.now();
    const r = await ours(n);
    oursMs = Math.min(oursMs, performance.now() - t);
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - heap0) / 1e6);
    historyEvents = r.historyEvents;
    if ((r.output as { count: number }).count !== n) throw new Error('bench: wrong map output');
    t = performance.now();
    const out = await theirs(n);
    theirsMs = Math.min(theirsMs, performance.now() - t);
    if (out.count !== n) throw new Error('bench: aws-local-stepfunctions gave a wrong output');
  }
  return { items: n, oursMs, theirsMs, speedup: theirsMs / oursMs, oursHeapMb: heapMb, historyEvents };
}

/** `simulate` of the ETL example: 1,000 executions with 30 % transient and 5 % permanent faults. */
export async function simulateBenchmark() {
  const r = await simulate(EXAMPLES[0].load(), { executions: 1000, transientRate: 0.3, permanentRate: 0.05, seed: 1, input: { date: '2026-11-24' } });
  return r;
}

/** The conformance figure over the corpus of documented / recorded AWS executions (test/local/conformance). */
export async function conformanceBenchmark() {
  const r = await measureConformance();
  return { ...r, percent: (100 * r.passed) / r.total };
}

/** `npx tsx bench/engine.ts`: the engine figures alone. */
async function main(): Promise<void> {
  const c = await conformanceBenchmark();
  console.log(`conformance: ${c.passed}/${c.total} (${c.percent.toFixed(1)} %)${c.failures.length > 0 ? `; failing: ${c.failures.join('; ')}` : ''}`);
  const map = await mapBenchmark();
  console.log(`10,000-item Map: dagstep ${map.oursMs.toFixed(0)} ms, aws-local-stepfunctions ${map.theirsMs.toFixed(0)} ms (${map.speedup.toFixed(1)}× faster), heap +${map.oursHeapMb.toFixed(1)} MB, ${map.historyEvents} history events counted`);
}

if (require.main === module) main().catch((e) => { console.error(e); process.exitCode = 1; });
