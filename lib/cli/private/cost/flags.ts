import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_PRICE_REGION, PRICED_REGIONS } from '../../../model/pricing';
import { integer } from '../local-run-flags';
import { COST_DEFAULTS, CostOptions } from './report';

/** The flags of a cost estimate (`dagstep cost`, `dagstep simulate`). */
export interface CostFlags {
  readonly executionsPerMonth?: number;
  readonly region?: string;
}

/** Adds `--executions-per-month <n>` and `--region <region>`. */
export function addCostFlags(cmd: Command): Command {
  return cmd
    .option('--executions-per-month <n>', `the monthly rate the cost is priced at (default: ${COST_DEFAULTS.executionsPerMonth.toLocaleString('en-US')})`, integer(0))
    .option('--region <region>', `the AWS region priced (default: ${DEFAULT_PRICE_REGION})`, region());
}

/** The {@link CostOptions} the flags give. */
export function costOptionsOf(flags: CostFlags): CostOptions {
  return { executionsPerMonth: flags.executionsPerMonth, region: flags.region };
}

/** A region the price table knows; else a usage error naming the known ones. */
function region(): (v: string) => string {
  return (v) => {
    if (!PRICED_REGIONS.includes(v)) throw new InvalidArgumentError(`expected a region of the price table (${PRICED_REGIONS.join(', ')}), received "${v}"`);
    return v;
  };
}
