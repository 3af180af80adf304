import { randomFaults } from '../local/faults';
import { readJson } from './run';
import { EXIT_OK, EXIT_USER_ERROR } from './io';
import { LocalWorkflow } from '../testing/local-workflow';
import { loadMocks, TaskMocks } from '../testing/task-mocks';
import { loadWorkflow } from './private/load-workflow';
import type { CliIO } from './io';
import type { RegisterCommand } from './program';
import type { WorkflowModel } from '../model/types';

/** What `dagstep simulate --json` prints. */
export interface SimulationReport {
  readonly executions: number;
  readonly succeeded: number;
  readonly deadLettered: number;
  /** Executions that neither succeeded nor left a dead letter: must be 0. */
  readonly lost: number;
  readonly p50MakespanSeconds: number;
  readonly p99MakespanSeconds: number;
  readonly wallSeconds: number;
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
  let succeeded = 0;
  let deadLettered = 0;
  let lost = 0;
  for (let i = 0; i < o.executions; i++) {
    const seed = o.seed * 1_000_003 + i;
    const { summary } = await local.run({
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
    o.onProgress?.(i + 1, o.executions);
  }
  makespans.sort((a, b) => a - b);
  const q = (p: number) => (makespans.length === 0 ? 0 : makespans[Math.min(makespans.length - 1, Math.ceil(p * makespans.length) - 1)]);
  return {
    executions: o.executions, succeeded, deadLettered, lost,
    p50MakespanSeconds: q(0.5), p99MakespanSeconds: q(0.99),
    wallSeconds: (Date.now() - started) / 1000,
  };
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
      const report = await simulate(model, { ...opts, input, mocks: opts.mocks ? loadMocks(opts.mocks) : undefined, onProgress: progressBar(ctx.io) });
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

function formatSimulation(name: string, r: SimulationReport): string {
  return `${name}: ${r.executions} executions — ${r.succeeded} succeeded, ${r.deadLettered} dead-lettered, ${r.lost} lost\n`
    + `  makespan p50 ${r.p50MakespanSeconds} s, p99 ${r.p99MakespanSeconds} s (simulated); ${r.wallSeconds.toFixed(2)} s wall\n`;
}
