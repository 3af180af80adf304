import type { CompiledDefinition } from '../../../constructs/render-asl';
import { childExecutionType, childWorstCaseSeconds, EXPRESS_MAX_SECONDS } from '../../../compile/map-sizing';
import { pricesFor } from '../../../model/pricing';
import { SpecError } from '../../../model/errors';
import type { WorkflowModel } from '../../../model/types';
import { statesExpressCannotRun } from './definition-facts';
import { CostReport, estimateCost } from './estimate';
import type { WorkflowUsage } from './usage';

/** Options of a cost estimate: the rate and the region. */
export interface CostOptions {
  /** Executions a month. @default 1,000 */
  readonly executionsPerMonth?: number;
  /** The AWS region priced (lib/model/pricing.ts). @default 'us-east-1' */
  readonly region?: string;
}

/** The defaults of {@link CostOptions}. */
export const COST_DEFAULTS = { executionsPerMonth: 1000, region: 'us-east-1' } as const;

/** The cost estimate of a workflow's simulated usage, with its compiled definition's facts. */
export function costReport(model: WorkflowModel, compiled: Pick<CompiledDefinition, 'definition' | 'children'>, usage: WorkflowUsage, options: CostOptions = {}): CostReport {
  const { executionsPerMonth, region } = { ...COST_DEFAULTS, ...options };
  let prices;
  try {
    prices = pricesFor(region);
  } catch (e) {
    throw new SpecError({ file: model.source, field: 'region (--region)', message: (e as Error).message });
  }
  return estimateCost(usage, prices, {
    executionsPerMonth,
    statesExpressCannotRun: statesExpressCannotRun(compiled),
    standardChildReasons: standardChildReasons(model),
  });
}

/** Why each distributed map task got Standard children (lib/compile/map-sizing.ts decides). */
function standardChildReasons(model: WorkflowModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of model.tasks) {
    if (t.map?.mode !== 'distributed' || childExecutionType(t) !== 'STANDARD') continue;
    out[t.id] = t.map.childExecution === 'STANDARD' ? 'map.childExecution is STANDARD'
      : t.idempotent !== true && t.sideEffects !== 'none' ? 'the task is neither idempotent nor `sideEffects: none` (make it idempotent first)'
        : `one child's worst case, every retry taken, is ${childWorstCaseSeconds(t)} s, over Express's ${EXPRESS_MAX_SECONDS} s (lower timeoutSeconds or retries first)`;
  }
  return out;
}
