import { callbackMocks, CallbackMockOptions, withCallbackMockOptions } from './private/callback-mocks';
import { InvalidArgumentError } from 'commander';
import { randomFaults, taskOf } from '../local/faults';
import type { LambdaInvoker } from '../local/engine';
import { EXIT_OK, EXIT_USER_ERROR } from './io';
import { formatDuration, formatPercent, plural } from '../local/report/format';
import { LocalWorkflow, taskOfAttempt } from '../testing/local-workflow';
import { LocalRunOptions, normaliseLocalRun } from '../testing/local-run-options';
import { loadWorkflow } from './private/load-workflow';
import { addLocalRunFlags, integer, LocalRunFlags, localRunOptionsOf } from './private/local-run-flags';
import type { CliIO } from './io';
import type { RegisterCommand } from './program';
import type { WorkflowModel } from '../model/types';
import { UsageRecorder } from './private/cost/usage';
import { compileDefinition } from '../constructs/render-asl';
import { costReport, CostOptions } from './private/cost/report';
import { formatCost } from './private/cost/format';
import type { CostReport } from './private/cost/estimate';
import { addCostFlags, CostFlags, costOptionsOf } from './private/cost/flags';

/** Per task figures of a simulation (durations of single attempts, on the simulated clock). */
export interface TaskSimulation {
  /** Attempts over all executions (retries and map items included). */
  readonly attempts: number;
  /** Attempts that failed (retried or not). */
  readonly failures: number;
  /** Dead letters naming the task. */
  readonly deadLetters: number;
  /** Why attempts failed: the most frequent error and its message, with how many attempts it failed (absent without failures). */
  readonly topError?: { readonly error: string; readonly message: string; readonly attempts: number };
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
  /** What the simulated executions would cost on AWS (present when the options ask for it). */
  readonly cost?: CostReport;
}

/**
 * Options of a simulation: the inputs of one local run (the same as `dagstep run` and
 * `runLocally`, see {@link LocalRunOptions}; `seed` seeds the whole simulation), plus how many
 * executions and how often tasks fail at random.
 */
export interface SimulationOptions extends Omit<LocalRunOptions, 'executionName' | 'keepHistory' | 'wrapInvoker' | 'realTime'> {
  /** Number of executions. @default 100 */
  readonly executions?: number;
  /** Probability that a task attempt fails with TransientError. @default 0 */
  readonly transientRate?: number;
  /** Probability that a task fails on every attempt. @default 0 */
  readonly permanentRate?: number;
  /** Called after each execution (progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Estimate the cost of the simulated executions (lib/cli/private/cost). @default - no estimate */
  readonly cost?: CostOptions;
}

/** The defaults of {@link SimulationOptions} beyond those of a local run. */
export const SIMULATION_DEFAULTS = { executions: 100, transientRate: 0, permanentRate: 0 } as const;

/**
 * Runs many executions of the compiled definition with random injected faults and counts where
 * each one ended: succeeded, dead-lettered, or lost (neither — a bug dagstep promises never has).
 */
export async function simulate(model: WorkflowModel, options: SimulationOptions = {}): Promise<SimulationReport> {
  const started = Date.now();
  const { executions, transientRate, permanentRate, onProgress, cost, ...run } = { ...SIMULATION_DEFAULTS, ...options };
  const base = normaliseLocalRun(model, run);
  // With a cost estimate the definition is compiled here (the layout's), so the usage reads the one that runs.
  const local = new LocalWorkflow(model, cost && run.layout ? compileDefinition(model, { layout: run.layout }) : undefined);
  if (cost) run.layout = undefined;
  const usage = cost ? new UsageRecorder(model, local.compiled) : undefined;
  const given = run.mockTask;
  const mockTask: LocalRunOptions['mockTask'] = usage ? async (call) => { await usage.mockTask(call); return given?.(call); } : given;
  const makespans: number[] = [];
  const perTask = new Map(model.tasks.map((t) => [t.id, { attempts: 0, failures: 0, deadLetters: 0, durations: [] as number[], errors: new Map<string,
    number>() }]));
  let succeeded = 0;
  let deadLettered = 0;
  let lost = 0;
  for (let i = 0; i < executions; i++) {
    const seed = base.seed * 1_000_003 + i;
    const { summary, result } = await local.run({
      ...run,
      seed,
      executionName: `sim-${i}`,
      // The cost estimate counts the states each execution entered from its history.
      keepHistory: usage !== undefined,
      mockTask,
      wrapInvoker: (inv) => {
        const faulty = recordErrors(randomFaults(inv, { transientRate, permanentRate, seed, durationOf: local.durationOf }), perTask);
        return usage ? usage.wrapInvoker(faulty) : faulty;
      },
    });
    usage?.addExecution(result);
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
    onProgress?.(i + 1, executions);
  }
  const p50 = quantile(makespans, 0.5);
  const p99 = quantile(makespans, 0.99);
  const successRate = executions === 0 ? 0 : succeeded / executions;
  const tasks = Object.fromEntries([...perTask].map(([id, t]) => [id, {
    attempts: t.attempts, failures: t.failures, deadLetters: t.deadLetters,
    p50DurationSeconds: quantile(t.durations, 0.5), p99DurationSeconds: quantile(t.durations, 0.99),
    ...topError(t.errors),
  }]));
  const slo = model.slo && {
    successRate: { target: model.slo.successRate, actual: round(successRate, 4), met: successRate >= model.slo.successRate },
    p99Seconds: { target: model.slo.p99Seconds, actual: p99, met: p99 <= model.slo.p99Seconds },
  };
  return {
    executions, succeeded, deadLettered, lost, successRate: round(successRate, 4),
    p50MakespanSeconds: p50, p99MakespanSeconds: p99,
    wallSeconds: round((Date.now() - started) / 1000, 2),
    tasks,
    ...(slo ? { slo: { ...slo, met: slo.successRate.met && slo.p99Seconds.met } } : {}),
    ...(usage ? { cost: costReport(model, local.compiled, usage.usage(), cost) } : {}),
  };
}

/** Counts, per task, the errors its attempts throw (name and message), so the report can say why they failed. */
function recordErrors(invoke: LambdaInvoker, perTask: ReadonlyMap<string, { errors: Map<string, number> }>): LambdaInvoker {
  return async (req) => {
    try {
      return await invoke(req);
    } catch (e) {
      const errors = perTask.get(taskOf(req))?.errors;
      const err = e as { name?: unknown; message?: unknown } | undefined;
      const why = `${typeof err?.name === 'string' ? err.name : 'Error'}\u0000${typeof err?.message === 'string' ? err.message : String(e)}`;
      errors?.set(why, (errors.get(why) ?? 0) + 1);
      throw e;
    }
  };
}

function topError(errors: ReadonlyMap<string, number>): Pick<TaskSimulation, 'topError'> {
  let best: [string, number] | undefined;
  for (const e of errors) if (!best || e[1] > best[1]) best = e;
  if (!best) return {};
  const [error, message] = best[0].split('\u0000');
  return { topError: { error, message, attempts: best[1] } };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The p-quantile (nearest rank) in seconds, rounded to milliseconds; 0 for no values. */
function quantile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)], 3);
}

/** `dagstep simulate <spec> [--executions N] [--transient-rate p] [--permanent-rate p]` plus the flags of `dagstep run`. */
/** The flags of `dagstep simulate`. */
type SimulateFlags = LocalRunFlags & CallbackMockOptions & CostFlags & { executions?: number; transientRate?: number; permanentRate?: number; json?: boolean };

export const registerSimulate: RegisterCommand = (program, ctx) => {
  addCostFlags(addLocalRunFlags(withCallbackMockOptions(program.command('simulate'))
    .description('run many local executions with random faults and check that nothing is lost')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .option('-n, --executions <n>', `number of executions (default: ${SIMULATION_DEFAULTS.executions})`, integer(0))
    .option('--transient-rate <p>', 'probability that a task attempt fails with TransientError (default: 0)', probability())
    .option('--permanent-rate <p>', 'probability that a task fails on every attempt (default: 0)', probability())))
    .option('--json', 'print exactly one JSON object')
    .action((spec: string, opts: SimulateFlags) => ctx.run(async () => {
      const model = loadWorkflow(spec);
      const mocks = callbackMocks(model, opts);
      const report = await simulate(model, {
        ...localRunOptionsOf(model, opts), ...(mocks ? { mocks } : {}),
        executions: opts.executions, transientRate: opts.transientRate, permanentRate: opts.permanentRate, onProgress: progressBar(ctx.io),
        cost: costOptionsOf(opts),
      });
      ctx.io.stdout(opts.json ? `${JSON.stringify(report)}\n` : `${formatSimulation(model.name, report)}${report.cost ? `\n${formatCost(report.cost)}` : ''}`);
      return report.lost === 0 ? EXIT_OK : EXIT_USER_ERROR;
    }));
};

/** A commander parser of a probability flag (0 to 1). */
export function probability(): (v: string) => number {
  return (v) => {
    const p = Number(v);
    if (v.trim() === '' || !(p >= 0 && p <= 1)) throw new InvalidArgumentError(`expected a probability from 0 to 1, received "${v}"`);
    return p;
  };
}

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
  const why = Object.entries(r.tasks).filter(([, t]) => t.topError);
  if (why.length > 0) {
    lines.push('', '  why attempts failed (the most frequent error per task):');
    for (const [id, t] of why) lines.push(`  ${id}: ${plural(t.topError!.attempts, 'attempt')} — ${t.topError!.error}: ${t.topError!.message}`);
  }
  if (r.slo) {
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    lines.push('', `  SLO success ≥ ${formatPercent(r.slo.successRate.target)}: ${formatPercent(r.slo.successRate.actual)} — ${verdict(r.slo.successRate.met)}; `
      + `p99 ≤ ${formatDuration(r.slo.p99Seconds.target)}: ${formatDuration(r.slo.p99Seconds.actual)} — ${verdict(r.slo.p99Seconds.met)}`);
  } else {
    lines.push('', '  no slo in the workflow: add `slo: {p99Seconds, successRate}` to get a verdict');
  }
  return `${lines.join('\n')}\n`;
}
