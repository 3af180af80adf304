import { estimateCost, EXPRESS_GIVES_UP } from '../../../../lib/cli/private/cost/estimate';
import { pricesFor } from '../../../../lib/model/pricing';
import type { WorkflowUsage } from '../../../../lib/cli/private/cost/usage';

/**
 * Two executions of a small workflow, as the usage recorder sums them: 7 Standard transitions
 * each (one a retry), a 256 MB arm64 function run once for 2 s, a 1 GB x86 one run 3 times for
 * 1.5 s, a distributed map of 3 Express children of 1.5 s, 2 idempotency writes per 1 GB call,
 * one coordination read and one letter.
 */
const USAGE: WorkflowUsage = {
  executions: 2,
  standardTransitions: 14,
  retries: 2,
  lambda: {
    '256MB/arm64': { memoryMb: 256, architecture: 'arm64', requests: 2, gbSeconds: 1 },
    '1024MB/x86_64': { memoryMb: 1024, architecture: 'x86_64', requests: 6, gbSeconds: 9 },
  },
  distributedMaps: { work: { state: 'work', executionType: 'EXPRESS', childExecutions: 6, childTransitions: 6, childBilledSeconds: 9 } },
  dynamodbWrites: { idempotency: 12 },
  dynamodbReads: { coordination: 2 },
  sqsRequests: { letters: 2 },
  maxMakespanSeconds: 4,
  billedMakespanSeconds: 8,
};

describe('estimateCost', () => {
  test('prices each quantity per execution (the average) and per month', () => {
    // WHEN priced in us-east-1 at 1,000 executions a month
    const r = estimateCost(USAGE, pricesFor('us-east-1'), { executionsPerMonth: 1000, statesExpressCannotRun: ['work'] });
    // THEN, by hand:
    //   7 transitions × $0.000025 = $0.000175
    //   3 Express requests × $0.000001 = $0.000003; 4.5 s × 64/1024 GB = 0.28125 GB-s × $0.00001667 = $0.0000046884375
    //   1 request × $0.0000002; 0.5 GB-s × $0.0000133334 = $0.0000066667
    //   3 requests × $0.0000002 = $0.0000006; 4.5 GB-s × $0.0000166667 = $0.00007500015
    //   6 WRU × $0.000000625 = $0.00000375; 1 RRU × $0.000000125; 1 SQS request × $0.0000004
    expect(r.lines.map((l) => [l.item, l.quantityPerExecution, l.perExecutionUsd, l.perMonthUsd])).toStrictEqual([
      ['Standard state transitions (2 retries of 14 over 2 executions)', 7, 0.000175, 0.175],
      ['map "work": Express child executions', 3, 0.000003, 0.003],
      ['map "work": Express duration (64 MB, 100 ms steps)', 0.28125, 0.000004688, 0.004688],
      ['requests (256 MB arm64)', 1, 0.0000002, 0.0002],
      ['duration (256 MB arm64)', 0.5, 0.000006667, 0.006667],
      ['requests (1024 MB x86_64)', 3, 0.0000006, 0.0006],
      ['duration (1024 MB x86_64)', 4.5, 0.000075, 0.075],
      ['idempotency writes', 6, 0.00000375, 0.00375],
      ['coordination reads', 1, 0.000000125, 0.000125],
      ['letters (sendMessage)', 1, 0.0000004, 0.0004],
    ]);
    // the sum of the lines: 0.000175 + 0.000003 + 0.000004688 + 0.0000002 + 0.000006667 + 0.0000006 + 0.000075 + 0.00000375 + 0.000000125 + 0.0000004
    expect(r.perExecutionUsd).toBe(0.00026943);
    expect(r.perMonthUsd).toBe(0.26943);
    expect(r.express).toStrictEqual([]); // a Distributed Map needs a Standard parent
  });

  test('Standard map children that would cost less as Express are named, with what Express gives up', () => {
    // GIVEN the same map with Standard children (6 child transitions, 9 billed seconds over 2 executions)
    const usage: WorkflowUsage = { ...USAGE, distributedMaps: { work: { ...USAGE.distributedMaps.work, executionType: 'STANDARD' } } };
    // WHEN
    const r = estimateCost(usage, pricesFor('us-east-1'), { executionsPerMonth: 1000, statesExpressCannotRun: ['work'], standardChildReasons: { work: 'the task is not idempotent' } });
    // THEN now: 3 transitions × $0.000025 × 1,000 = $0.075; as Express: ($0.000003 + $0.0000046884375) × 1,000 = $0.007688
    expect(r.express).toStrictEqual([{
      part: 'map "work"', nowPerMonthUsd: 0.075, asExpressPerMonthUsd: 0.007688,
      givesUp: ['dagstep chose Standard children because the task is not idempotent', ...EXPRESS_GIVES_UP],
    }]);
  });

  test('a short workflow without .sync, callbacks or distributed maps could run as Express altogether', () => {
    // GIVEN no map, executions of at most 4 s (8 s billed over 2)
    const usage: WorkflowUsage = { ...USAGE, distributedMaps: {} };
    // WHEN
    const r = estimateCost(usage, pricesFor('us-east-1'), { executionsPerMonth: 1000, statesExpressCannotRun: [] });
    // THEN now: 7 × $0.000025 × 1,000 = $0.175; as Express: ($0.000001 + 4 s × 0.0625 GB × $0.00001667) × 1,000 = $0.005168
    expect(r.express).toStrictEqual([{ part: 'the whole workflow', nowPerMonthUsd: 0.175, asExpressPerMonthUsd: 0.005168, givesUp: EXPRESS_GIVES_UP }]);
  });

  test('Express is not advised for executions over 5 minutes', () => {
    // GIVEN
    const usage: WorkflowUsage = { ...USAGE, distributedMaps: {}, maxMakespanSeconds: 301 };
    // WHEN / THEN
    expect(estimateCost(usage, pricesFor('us-east-1'), { executionsPerMonth: 1000, statesExpressCannotRun: [] }).express).toStrictEqual([]);
  });
});
