import { LocalWorkflow } from '../lib/testing/local-workflow';
import type { MapConfig, TaskModel, WorkflowModel } from '../lib/model/types';

/** One fan-out figure: a map of `items` run by the local engine with the built-in pass-through handler. */
export interface FanOutRow {
  readonly case: string;
  readonly items: number;
  readonly status: string;
  readonly error?: string;
  readonly wallMs: number;
  readonly peakRssMb: number;
  /** Events in the parent execution's history (what the 25,000-event quota counts). */
  readonly historyEvents: number;
  readonly deadLetters: number;
}

const NO_RETRY = { name: 'none', rules: [] };

/** A workflow of one map task `each` (pass-through handler, 50 in flight) and a task reading its results. */
function fanOutModel(map: MapConfig): WorkflowModel {
  const each: TaskModel = { id: 'each', dependsOn: [], durationSeconds: 1, retry: NO_RETRY, sideEffects: 'none', map: { maxConcurrency: 40, ...map } };
  const after: TaskModel = { id: 'after', dependsOn: ['each'], durationSeconds: 1, retry: NO_RETRY };
  // A day: long enough that the run ends by its own success or quota, not the default timeout.
  return { name: 'fanout', source: 'bench/fanout.ts', baseDir: __dirname, timeoutSeconds: 86_400, tasks: [each, after] };
}

/** Runs one case, sampling the process's resident memory every 50 ms for the peak. */
async function measure(name: string, items: number, map: MapConfig, setup?: (local: LocalWorkflow) => Promise<unknown>): Promise<FanOutRow> {
  const local = new LocalWorkflow(fanOutModel(map));
  await setup?.(local);
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const t0 = performance.now();
  try {
    const { summary, result } = await local.run({ input: map.itemReader ? {} : { items: Array.from({ length: items }, (_, i) => ({ n: i })) },
      keepHistory: false });
    const wallMs = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { case: name, items, status: summary.status, error: summary.error, wallMs, peakRssMb: peak / 1e6, historyEvents: result.historyEvents,
      deadLetters: summary.deadLetters.length };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The fan-out figures of issue 20 (numbers, not timed tests): 10,000 and 100,000 items through a
 * Distributed Map (items from a JSONL object in the in-memory S3, results through the
 * ResultWriter), and the same 10,000 items through an inline Map, which Step Functions fails at
 * 25,000 history events (whether the local run fails it depends on the engine's quota).
 */
export async function fanOutBenchmark(sizes: readonly number[] = [10_000, 100_000]): Promise<FanOutRow[]> {
  const rows: FanOutRow[] = [];
  for (const n of sizes) {
    rows.push(await measure(`distributed, S3 JSONL reader + ResultWriter`, n, { itemsPath: '$', mode: 'distributed', maxConcurrency: 1000, itemReader: { bucket: 'bench-items', key: 'items.jsonl', format: 'jsonl' } },
      (local) => local.results.put('bench-items', 'items.jsonl', Array.from({ length: n }, (_, i) => JSON.stringify({ n: i })).join('\n'))));
  }
  rows.push(await measure('distributed, batches of 100', sizes[0], { itemsPath: '$.items', mode: 'distributed', maxConcurrency: 1000, batch: { maxItems: 100 } }));
  rows.push(await measure('inline (as AWS runs it: fails at 25,000 events)', sizes[0], { itemsPath: '$.items', maxConcurrency: 40 }));
  return rows;
}

/** The table lines of {@link fanOutBenchmark}. */
export function fanOutLines(rows: readonly FanOutRow[]): string[] {
  return [
    '| map | items | status | wall s | peak RSS MB | parent history events | dead letters |',
    '|---|---:|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.case} | ${r.items} | ${r.status}${r.error ? ` (${r.error})` : ''} | ${(r.wallMs / 1000).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.historyEvents} | ${r.deadLetters} |`),
  ];
}

/** `npx tsx bench/fanout.ts [items...]`: the fan-out figures alone. */
async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const line of fanOutLines(await fanOutBenchmark(sizes.length > 0 ? sizes : undefined))) console.log(line);
}

if (require.main === module) main().catch((e) => { console.error(e); process.exitCode = 1; });
