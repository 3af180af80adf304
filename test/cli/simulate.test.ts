import * as path from 'path';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { progressBar, registerSimulate, simulate } from '../../lib/cli/simulate';
import { EXAMPLES } from '../../examples';

const INPUTS: Record<string, string> = {
  etl: 'examples/etl/input.json', nightly_batch: 'examples/nightly-batch/input.json', five_step: 'examples/five-step/input.json',
};

describe('dagstep simulate (soak)', () => {
  // The nightly batch fails at random by itself; here the injected faults are the only randomness.
  beforeAll(() => { process.env.FAILURE_RATE = '0'; });
  afterAll(() => { delete process.env.FAILURE_RATE; });

  test.each(EXAMPLES.map((e) => [e.name, e.file]))('%s: 1,000 executions with 30 %% transient and 5 %% permanent faults lose nothing', async (name, file) => {
    // WHEN
    const io = captureIO();
    const code = await runCli(['simulate', file, '--executions', '1000', '--transient-rate', '0.3', '--permanent-rate', '0.05',
      '--input', path.resolve(__dirname, '../..', INPUTS[name]), '--json'], io, [registerSimulate]);
    // THEN
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.lost).toBe(0);
    expect(r.succeeded + r.deadLettered).toBe(1000);
    expect(r.succeeded).toBeGreaterThan(0);
    expect(r.deadLettered).toBeGreaterThan(0);
    expect(r.p99MakespanSeconds).toBeGreaterThanOrEqual(r.p50MakespanSeconds);
  });

  test('without faults every execution succeeds at the critical path', async () => {
    const r = await simulate(EXAMPLES[0].load(), { executions: 20, transientRate: 0, permanentRate: 0, seed: 1, input: { date: '2026-11-24' } });
    expect(r).toMatchObject({ executions: 20, succeeded: 20, deadLettered: 0, lost: 0, p50MakespanSeconds: 85, p99MakespanSeconds: 85 });
  });

  test('a progress bar is drawn on a terminal only', () => {
    const tty = captureIO(true);
    progressBar(tty)!(5, 10);
    progressBar(tty)!(10, 10);
    expect(tty.err()).toBe(`\r[${'#'.repeat(15)}${'.'.repeat(15)}] 5/10\r[${'#'.repeat(30)}] 10/10\n`);
    expect(progressBar(captureIO(false))).toBeUndefined();
  });
});
