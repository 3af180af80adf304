import { PRICES_AS_OF, RegionPrices } from '../../../model/pricing';
import type { WorkflowUsage } from './usage';

/**
 * The memory an Express execution is billed for: one 64 MB chunk. Express bills "the amount of
 * memory used in the execution of your workflow, billed in 64-MB chunks", from the definition's
 * size and the payloads ("AWS Step Functions Pricing"); dagstep's item processors are small, so
 * the estimate assumes the first chunk (an assumption the report names).
 */
export const EXPRESS_MEMORY_MB = 64;

/** Express executions last at most 5 minutes ("Quotas for Express Workflows"). */
export const EXPRESS_MAX_SECONDS = 300;

/** One priced quantity. */
export interface CostLine {
  readonly service: 'Step Functions' | 'Lambda' | 'DynamoDB' | 'SQS';
  readonly item: string;
  /** Average per execution over the simulated ones. */
  readonly quantityPerExecution: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly perExecutionUsd: number;
  readonly perMonthUsd: number;
}

/** A part of the workflow that would cost less as Express executions, and what that gives up. */
export interface ExpressAdvice {
  /** `map "<state>"` (its child executions) or `the whole workflow`. */
  readonly part: string;
  readonly nowPerMonthUsd: number;
  readonly asExpressPerMonthUsd: number;
  /** What running it as Express gives up. */
  readonly givesUp: readonly string[];
}

/** The `cost` section of `dagstep simulate` and what `dagstep cost` prints. */
export interface CostReport {
  readonly region: string;
  readonly pricesAsOf: string;
  readonly executionsPerMonth: number;
  readonly simulatedExecutions: number;
  readonly lines: readonly CostLine[];
  readonly perExecutionUsd: number;
  readonly perMonthUsd: number;
  /** Cheaper as Express: only parts where it saves money and Express could run them. */
  readonly express: readonly ExpressAdvice[];
  /** What the estimate leaves out. */
  readonly notCounted: readonly string[];
}

/** What the estimate needs of the workflow besides its usage. */
export interface CostContext {
  readonly executionsPerMonth: number;
  /** Task states an Express workflow cannot run (`.sync`, `.waitForTaskToken`, Distributed Maps). */
  readonly statesExpressCannotRun: readonly string[];
  /**
   * Why the compiler gave a Standard map its Standard children, by Map state (e.g. "the task is
   * not idempotent"), for the advice. @default - none known
   */
  readonly standardChildReasons?: Readonly<Record<string, string>>;
}

/**
 * What Express gives up ("Choosing workflow type in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html, and "Execution
 * guarantees", https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html):
 * Standard runs exactly once, keeps its history 90 days and can be redriven; an asynchronous
 * Express execution runs at least once, Step Functions records no history (CloudWatch Logs only),
 * and RedriveExecution takes Standard executions only.
 */
export const EXPRESS_GIVES_UP: readonly string[] = [
  'exactly-once: an asynchronous Express execution runs at least once (tasks must be idempotent)',
  'execution history: Step Functions records none for Express (CloudWatch Logs only, so no `dagstep history`/replay)',
  'redrive: RedriveExecution takes Standard executions only (an Express child is started anew by its parent\'s redrive)',
  'duration: at most 5 minutes per execution',
];

const NOT_COUNTED: readonly string[] = [
  'free tiers (4,000 transitions, 1M Lambda requests and 400,000 GB-s, 1M SQS requests a month, account-wide)',
  'CloudWatch Logs, metrics and alarms; S3 (claim check, ItemReader, ResultWriter); EventBridge; KMS; data transfer',
  'dagstep\'s own functions: the dead-letter guard, the concurrency release, schedule starters, callback notifiers',
  'DynamoDB items over 1 KB (writes) or 4 KB (reads) taking more than one request unit',
];

const usd9 = (x: number) => Number(x.toFixed(9));
const usd6 = (x: number) => Number(x.toFixed(6));
const qty = (x: number) => Number(x.toFixed(6));

/**
 * Prices a simulation's usage: per execution (the average over the simulated executions) and per
 * month at `executionsPerMonth`. Pure: no I/O, no clock.
 */
export function estimateCost(usage: WorkflowUsage, prices: RegionPrices, context: CostContext): CostReport {
  const n = Math.max(1, usage.executions);
  const perMonth = context.executionsPerMonth;
  const lines: CostLine[] = [];
  const line = (service: CostLine['service'], item: string, total: number, unit: string, unitPriceUsd: number) => {
    if (total === 0) return;
    const perExecution = total / n;
    lines.push({ service, item, quantityPerExecution: qty(perExecution), unit, unitPriceUsd, perExecutionUsd: usd9(perExecution * unitPriceUsd),
      perMonthUsd: usd6(perExecution * unitPriceUsd * perMonth) });
  };
  const expressGbSeconds = (seconds: number) => seconds * (EXPRESS_MEMORY_MB / 1024);

  line('Step Functions', `Standard state transitions (${usage.retries} retries of ${usage.standardTransitions} over ${usage.executions} executions)`, usage.standardTransitions, 'transitions', prices.standardTransition);
  for (const m of Object.values(usage.distributedMaps)) {
    if (m.executionType !== 'EXPRESS') continue;
    line('Step Functions', `map "${m.state}": Express child executions`, m.childExecutions, 'requests', prices.expressRequest);
    line('Step Functions', `map "${m.state}": Express duration (${EXPRESS_MEMORY_MB} MB, 100 ms steps)`, expressGbSeconds(m.childBilledSeconds), 'GB-s', prices.expressGbSecond);
  }
  for (const l of Object.values(usage.lambda).sort((a, b) => a.memoryMb - b.memoryMb || a.architecture.localeCompare(b.architecture))) {
    line('Lambda', `requests (${l.memoryMb} MB ${l.architecture})`, l.requests, 'requests', prices.lambdaRequest);
    line('Lambda', `duration (${l.memoryMb} MB ${l.architecture})`, l.gbSeconds, 'GB-s', prices.lambdaGbSecond[l.architecture]);
  }
  for (const [purpose, writes] of Object.entries(usage.dynamodbWrites)) line('DynamoDB', `${purpose} writes`, writes, 'WRU', prices.dynamodbWrite);
  for (const [purpose, reads] of Object.entries(usage.dynamodbReads)) line('DynamoDB', `${purpose} reads`, reads, 'RRU', prices.dynamodbRead);
  for (const [purpose, requests] of Object.entries(usage.sqsRequests)) line('SQS', `${purpose} (sendMessage)`, requests, 'requests', prices.sqsRequest);

  const perExecutionUsd = lines.reduce((s, l) => s + l.perExecutionUsd, 0);
  return {
    region: prices.region,
    pricesAsOf: PRICES_AS_OF,
    executionsPerMonth: perMonth,
    simulatedExecutions: usage.executions,
    lines,
    perExecutionUsd: usd9(perExecutionUsd),
    perMonthUsd: usd6(perExecutionUsd * perMonth),
    express: expressAdvice(usage, prices, context, expressGbSeconds),
    notCounted: NOT_COUNTED,
  };
}

/** Where Express would be cheaper and could run: Standard map children, and the whole workflow. */
function expressAdvice(usage: WorkflowUsage, prices: RegionPrices, context: CostContext, gbSeconds: (s: number) => number): ExpressAdvice[] {
  const n = Math.max(1, usage.executions);
  const monthly = (total: number) => usd6((total / n) * context.executionsPerMonth);
  const out: ExpressAdvice[] = [];
  for (const m of Object.values(usage.distributedMaps)) {
    if (m.executionType !== 'STANDARD' || m.childExecutions === 0) continue;
    const now = monthly(m.childTransitions * prices.standardTransition);
    const asExpress = monthly(m.childExecutions * prices.expressRequest + gbSeconds(m.childBilledSeconds) * prices.expressGbSecond);
    const why = context.standardChildReasons?.[m.state];
    if (asExpress < now) out.push({ part: `map "${m.state}"`, nowPerMonthUsd: now, asExpressPerMonthUsd: asExpress, givesUp: why ? [`dagstep chose Standard children because ${why}`, ...EXPRESS_GIVES_UP] : EXPRESS_GIVES_UP });
  }
  if (usage.maxMakespanSeconds <= EXPRESS_MAX_SECONDS && context.statesExpressCannotRun.length === 0 && usage.executions > 0) {
    const now = monthly(usage.standardTransitions * prices.standardTransition);
    const asExpress = monthly(usage.executions * prices.expressRequest + gbSeconds(usage.billedMakespanSeconds) * prices.expressGbSecond);
    if (asExpress < now) out.push({ part: 'the whole workflow', nowPerMonthUsd: now, asExpressPerMonthUsd: asExpress, givesUp: EXPRESS_GIVES_UP });
  }
  return out;
}
