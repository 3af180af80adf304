import { callbackMocks, CallbackMockOptions, withCallbackMockOptions } from './private/callback-mocks';
import { EXIT_OK } from './io';
import { loadWorkflow } from './private/load-workflow';
import { addLocalRunFlags, integer, LocalRunFlags, localRunOptionsOf } from './private/local-run-flags';
import { addCostFlags, CostFlags, costOptionsOf } from './private/cost/flags';
import { formatCost } from './private/cost/format';
import { probability, progressBar, simulate } from './simulate';
import type { RegisterCommand } from './program';

/** Executions `dagstep cost` simulates by default: enough to average retries of a faulty run, quick for a clean one. */
export const COST_EXECUTIONS = 20;

/**
 * `dagstep cost <spec> [--executions-per-month N] [--region R] [-n N] [--transient-rate p]` plus the
 * flags of `dagstep run`: simulates the compiled definition locally and prices what the runs used
 * (the `cost` section of `dagstep simulate`, lib/cli/private/cost).
 */
export const registerCost: RegisterCommand = (program, ctx) => {
  addCostFlags(addLocalRunFlags(withCallbackMockOptions(program.command('cost'))
    .description('estimate what a workflow costs on AWS per execution and per month, from simulated runs of its compiled definition')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .option('-n, --executions <n>', `executions to simulate and average (default: ${COST_EXECUTIONS})`, integer(1))
    .option('--transient-rate <p>', 'probability that a task attempt fails with TransientError, to price retries (default: 0)', probability())))
    .option('--json', 'print exactly one JSON object (the cost report)')
    .action((spec: string,
      opts: LocalRunFlags & CallbackMockOptions & CostFlags & { executions?: number; transientRate?: number; json?: boolean }) => ctx.run(async () => {
      const model = loadWorkflow(spec);
      const mocks = callbackMocks(model, opts);
      const report = await simulate(model, {
        ...localRunOptionsOf(model, opts), ...(mocks ? { mocks } : {}),
        executions: opts.executions ?? COST_EXECUTIONS, transientRate: opts.transientRate, onProgress: progressBar(ctx.io),
        cost: costOptionsOf(opts),
      });
      ctx.io.stdout(opts.json ? `${JSON.stringify(report.cost)}\n` : `${model.name}: ${formatCost(report.cost!)}`);
      return EXIT_OK;
    }));
};
