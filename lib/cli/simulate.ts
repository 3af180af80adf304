import { randomFaults } from '../local/faults';
import { readJson } from './run';
import { checkUserFile, EXIT_OK, EXIT_USER_ERROR } from './io';
import { formatDuration, formatPercent, plural } from '../local/report/format';
import { LocalWorkflow, taskOfAttempt } from '../testing/local-workflow';
import { loadMocks, TaskMocks } from '../testing/task-mocks';
import { loadWorkflow } from './private/load-workflow';
import type { CliIO } from './io';
import type { RegisterCommand } from './program';
import type { WorkflowModel } from '../model/types';

/** Per task figures of a simulation (durations of single attempts, on the simulated clock). */
export interface TaskSimulation {
  /** Attempts over all executions (retries and map items included). */
  readonly attempts: number;
  /** Attempts that failed (retried or not). */
  readonly failures: number;
  /** Dead letters naming the task. */
  readonly deadLetters: number;
  readonly p50DurationSeconds: number;
  readonly p99DurationSeconds: number;
}

/** One objective of the workflow's `slo`, checked against the simulation. */
export interface SloCheck {
  readonly target: number;
  readonly actual: number;
  readonly met: boolean;
}

/** What `dagstep simulate --json` prints. Seconds are rounded to milliseconds. */
export interface SimulationReport {
  readonly executions: number;
  readonly succeeded: number;
  readonly deadLettered: number;
  /** Executions that neither succeeded nor left a dead letter: must be 0. */
  readonly lost: number;
  /** succeeded ÷ executions. */
  readonly successRate: number;
  readonly p50MakespanSeconds: number;
  readonly p99MakespanSeconds: number;
  readonly wallSeconds: number;
  /** Per task id, in the workflow's order. */
  readonly tasks: Readonly<Record<string, TaskSimulation>>;
  /** The verdict against the workflow's `slo` (absent when it has none). */
  readonly slo?: { readonly successRate: SloCheck; readonly p99Seconds: SloCheck; readonly met: boolean };
}

/** Options of a simulation. */
export interface SimulationOptions {
  readonly executions: number;
  readonly transientRate: number;
  readonly permanentRate: number;
  readonly seed: number;
  readonly input?: unknown;
  /** Mocks of the non-Lambda tasks. @default - the workflow's mocks file, if any */
  readonly mocks?: TaskMocks;
  /** Called after each execution (progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs many executions of the compiled definition with random injected faults and counts where
 * each one ended: succeeded, dead-lettered, or lost (neither — a bug dagstep promises never has).
 */
export async function simulate(model: WorkflowModel, o: SimulationOptions): Promise<SimulationReport> {
  const started = Date.now();
  const local = new LocalWorkflow(model);
  const makespans: number[] = [];
  const perTask = new Map(model.tasks.map((t) => [t.id, { attempts: 0, failures: 0, deadLetters: 0, durations: [] as number[] }]));
  let succeeded = 0;
  let deadLettered = 0;
  let lost = 0;
  for (let i = 0; i < o.executions; i++) {
    const seed = o.seed * 1_000_003 + i;
    const { summary, result } = await local.run({
      input: o.input ?? {},
      seed,
      executionName: `sim-${i}`,
      keepHistory: false,
      mocks: o.mocks,
      wrapInvoker: (inv) => randomFaults(inv, { transientRate: o.transientRate, permanentRate: o.permanentRate, seed, durationOf: local.durationOf }),
    });
    makespans.push(summary.makespanSeconds);
    if (summary.status === 'SUCCEEDED') succeeded++;
    else if (summary.deadLetters.length > 0) deadLettered++;
    else lost++;
    for (const a of result.attempts) {
      const t = perTask.get(taskOfAttempt(a));
      if (!t) continue; // internal states (dead-letter sends, waits) are not tasks
      t.attempts++;
      if (a.status !== 'SUCCEEDED') t.failures++;
      t.durations.push(a.end - a.start);
    }
    for (const d of summary.deadLetters) {
      const t = typeof d.taskId === 'string' ? perTask.get(d.taskId) : undefined;
      if (t) t.deadLetters++;
    }
    o.onProgress?.(i + 1, o.executions);
  }
  const p50 = quantile(makespans, 0.5);
  const p99 = quantile(makespans, 0.99);
  const successRate = o.executions === 0 ? 0 : succeeded / o.executions;
  const tasks = Object.fromEntries([...perTask].map(([id, t]) => [id, {
    attempts: t.attempts, failures: t.failures, deadLetters: t.deadLetters,
    p50DurationSeconds: quantile(t.durations, 0.5), p99DurationSeconds: quantile(t.durations, 0.99),
  }]));
  const slo = model.slo && {
    successRate: { target: model.slo.successRate, actual: round(successRate, 4), met: successRate >= model.slo.successRate },
    p99Seconds: { target: model.slo.p99Seconds, actual: p99, met: p99 <= model.slo.p99Seconds },
  };
  return {
    executions: o.executions, succeeded, deadLettered, lost, successRate: round(successRate, 4),
    p50MakespanSeconds: p50, p99MakespanSeconds: p99,
    wallSeconds: round((Date.now() - started) / 1000, 2),
    tasks,
    ...(slo ? { slo: { ...slo, met: slo.successRate.met && slo.p99Seconds.met } } : {}),
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The p-quantile (nearest rank) in seconds, rounded to milliseconds; 0 for no values. */
function quantile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)], 3);
}

/** `dagstep simulate <spec> --executions N [--transient-rate p] [--permanent-rate p] [--seed N] [--json]`. */
export const registerSimulate: RegisterCommand = (program, ctx) => {
  program.command('simulate')
    .description('run many local executions with random faults and check that nothing is lost')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .option('-n, --executions <n>', 'number of executions', (v) => Number(v), 100)
    .option('--transient-rate <p>', 'probability that a task attempt fails with TransientError', (v) => Number(v), 0)
    .option('--permanent-rate <p>', 'probability that a task fails on every attempt', (v) => Number(v), 0)
    .option('--seed <n>', 'seed of the random source', (v) => Number(v), 1)
    .option('-i, --input <file>', 'execution input (JSON file)')
    .option('--json', 'print exactly one JSON object')
    .option('--mocks <file>', 'mocks of container/batch/glue/http/sdk/workflow tasks (JSON; default <workflow>.mocks.json beside the spec)')
    .action((spec: string, opts: { executions: number; transientRate: number; permanentRate: number; seed: number; input?: string; json?: boolean; mocks?: string }) => ctx.run(async () => {
      const model = loadWorkflow(spec);
      const input = opts.input ? readJson(opts.input) : {};
      const report = await simulate(model, { ...opts, input, mocks: opts.mocks ? (checkUserFile(opts.mocks, '--mocks'), loadMocks(opts.mocks)) : undefined, onProgress: progressBar(ctx.io) });
      ctx.io.stdout(opts.json ? `${JSON.stringify(report)}\n` : formatSimulation(model.name, report));
      return report.lost === 0 ? EXIT_OK : EXIT_USER_ERROR;
    }));
};

/** A progress bar on stderr when stdout is a terminal; nothing otherwise. */
export function progressBar(io: CliIO): ((done: number, total: number) => void) | undefined {
  if (!io.isTTY) return undefined;
  return (done, total) => {
    if (done !== total && done % Math.max(1, Math.floor(total / 100)) !== 0) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

/** The text `dagstep simulate` prints: totals, a per-task table and the verdict against the `slo`. */
export function formatSimulation(name: string, r: SimulationReport): string {
  const lines = [
    `${name}: ${plural(r.executions, 'execution')} — ${r.succeeded.toLocaleString('en-US')} succeeded (${formatPercent(r.successRate)}), `
      + `${r.deadLettered.toLocaleString('en-US')} dead-lettered, ${r.lost.toLocaleString('en-US')} lost`,
    `  makespan p50 ${formatDuration(r.p50MakespanSeconds)}, p99 ${formatDuration(r.p99MakespanSeconds)} (simulated); ${r.wallSeconds} s wall`,
    '',
  ];
  const header = ['task', 'attempts', 'failures', 'dead letters', 'p50', 'p99'];
  const rows = Object.entries(r.tasks).map(([id, t]) => [id, t.attempts.toLocaleString('en-US'), t.failures.toLocaleString('en-US'),
    t.deadLetters.toLocaleString('en-US'), formatDuration(t.p50DurationSeconds), formatDuration(t.p99DurationSeconds)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const cell = (v: string, i: number) => (i === 0 || i >= 4 ? v.padEnd(widths[i]) : v.padStart(widths[i]));
  for (const row of [header, ...rows]) lines.push(`  ${row.map(cell).join('  ').trimEnd()}`);
  if (r.slo) {
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    lines.push('', `  SLO success ≥ ${formatPercent(r.slo.successRate.target)}: ${formatPercent(r.slo.successRate.actual)} — ${verdict(r.slo.successRate.met)}; `
      + `p99 ≤ ${formatDuration(r.slo.p99Seconds.target)}: ${formatDuration(r.slo.p99Seconds.actual)} — ${verdict(r.slo.p99Seconds.met)}`);
  } else {
    lines.push('', '  no slo in the workflow: add `slo: {p99Seconds, successRate}` to get a verdict');
  }
  return `${lines.join('\n')}\n`;
}
