import * as path from 'path';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerCost } from '../../lib/cli/cost';
import { registerSimulate } from '../../lib/cli/simulate';
import { formatUsd } from '../../lib/cli/private/cost/format';

const SMALL = path.join(__dirname, '../fixtures/cost/small.yaml');

describe('dagstep cost', () => {
  test('--json prints the cost report at the given rate and region', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['cost', SMALL, '-n', '2', '--executions-per-month', '1000', '--region', 'us-west-1', '--json'], io, [registerCost]);
    // THEN 7 transitions × $0.0000279 = $0.0001953 an execution, $0.1953 a month
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect([r.region, r.executionsPerMonth, r.simulatedExecutions]).toStrictEqual(['us-west-1', 1000, 2]);
    expect(r.lines[0]).toStrictEqual({
      service: 'Step Functions', item: 'Standard state transitions (0 retries of 14 over 2 executions)', quantityPerExecution: 7,
      unit: 'transitions', unitPriceUsd: 0.0000279, perExecutionUsd: 0.0001953, perMonthUsd: 0.1953,
    });
  });

  test('the text names each line, the totals, the Express advice and the sources', async () => {
    // WHEN
    const io = captureIO();
    await runCli(['cost', SMALL, '-n', '1', '--executions-per-month', '1000'], io, [registerCost]);
    // THEN
    const text = io.out();
    expect(text.split('\n')[0]).toBe('cost_small: cost in us-east-1 at 1,000 executions a month (averaged over 1 simulated; prices of 2026-12-07, lib/model/pricing.ts)');
    expect(text).toMatch(/ {2}Step Functions {2}Standard state transitions \(0 retries of 7 over 1 executions\) +7 transitions +\$0\.000025 +\$0\.000175 +\$0\.175\n/);
    expect(text).toMatch(/ {2}DynamoDB +idempotency writes +6 WRU +\$0\.000000625 +\$0\.00000375 +\$0\.00375\n/);
    expect(text).toContain('cheaper as Express: map "work" — $0.075 → $0.00769 a month; it would give up:\n    - dagstep chose Standard children because map.childExecution is STANDARD\n');
    expect(text).toContain('sources: https://aws.amazon.com/step-functions/pricing/');
  });

  test('an unknown region is a usage error naming the known ones', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['cost', SMALL, '--region', 'mars-1'], io, [registerCost]);
    // THEN
    expect(code).toBe(2);
    expect(io.err()).toContain('expected a region of the price table (us-east-1, ');
  });

  test('dagstep simulate prints a cost section too', async () => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['simulate', SMALL, '-n', '2', '--executions-per-month', '500', '--json'], io, [registerSimulate]);
    // THEN
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect([r.cost.executionsPerMonth, r.cost.perMonthUsd]).toStrictEqual([500, Number((r.cost.perExecutionUsd * 500).toFixed(6))]);
  });

  test('dollars print with three significant digits, no exponent', () => {
    // THEN
    expect([0, 0.0000002, 0.0000133334, 0.000175, 0.07688, 12.345, 1234.5].map(formatUsd))
      .toStrictEqual(['$0', '$0.0000002', '$0.0000133', '$0.000175', '$0.0769', '$12.35', '$1,234.50']);
  });
});
