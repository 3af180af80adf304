import * as path from 'path';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { formatSimulation, progressBar, registerSimulate, simulate } from '../../lib/cli/simulate';
import { nightlyBatch } from '../../examples/nightly-batch/workflow';
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

  test('per-task figures: attempts, failures, dead letters and durations, rounded to milliseconds', async () => {
    // GIVEN the ETL example without faults
    const etl = EXAMPLES.find((e) => e.name === 'etl')!.load();
    // WHEN simulated 5 times
    const r = await simulate(etl, { executions: 5, transientRate: 0, permanentRate: 0, seed: 1, input: { date: '2026-11-24' } });
    // THEN every task ran once per execution (the map task "load" once per partition item) at its
    // durationSeconds, and nothing failed
    expect(Object.keys(r.tasks)).toStrictEqual(etl.tasks.map((t) => t.id));
    for (const t of etl.tasks) {
      expect(r.tasks[t.id]).toStrictEqual({
        attempts: t.map ? r.tasks[t.id].attempts : 5, failures: 0, deadLetters: 0, p50DurationSeconds: t.durationSeconds, p99DurationSeconds: t.durationSeconds,
      });
    }
    expect(r.tasks.load.attempts % 5).toBe(0);
    expect(r.tasks.load.attempts).toBeGreaterThan(5);
    expect(r.successRate).toBe(1);
  });

  test('the verdict against the slo: a success rate below the target is MISSED', async () => {
    // GIVEN the nightly batch (slo: 98 % success, p99 30 min) with 30 % permanent faults
    const model = nightlyBatch();
    // WHEN
    const r = await simulate(model, { executions: 50, transientRate: 0, permanentRate: 0.3, seed: 7, input: { night: '2026-11-24' } });
    // THEN
    expect(r.slo!.successRate.target).toBe(0.98);
    expect(r.slo!.successRate.met).toBe(false);
    expect(r.slo!.p99Seconds).toStrictEqual({ target: 1800, actual: r.p99MakespanSeconds, met: r.p99MakespanSeconds <= 1800 });
    expect(r.slo!.met).toBe(false);
    const dead = Object.values(r.tasks).reduce((n, t) => n + t.deadLetters, 0);
    expect(dead).toBeGreaterThanOrEqual(r.deadLettered);
    const text = formatSimulation(model.name, r);
    expect(text).toMatch(/SLO success ≥ 98 %: [\d.]+ % — MISSED; p99 ≤ 30 min: .+ — (met|MISSED)\n$/);
    expect(text).not.toMatch(/\d\.\d{4,}/); // no raw floats like 551.6765750383493
  });

  test('the text table lists every task with readable durations', () => {
    // GIVEN a report
    const text = formatSimulation('w', {
      executions: 1, succeeded: 1, deadLettered: 0, lost: 0, successRate: 1, p50MakespanSeconds: 551.6765750383493, p99MakespanSeconds: 551.677,
        wallSeconds: 0.01,
      tasks: { a: { attempts: 1200, failures: 3, deadLetters: 1, p50DurationSeconds: 0.5, p99DurationSeconds: 75 } },
    });
    // THEN
    expect(text).toBe([
      'w: 1 execution — 1 succeeded (100 %), 0 dead-lettered, 0 lost',
      '  makespan p50 9 min 12 s, p99 9 min 12 s (simulated); 0.01 s wall',
      '',
      '  task  attempts  failures  dead letters  p50    p99',
      '  a        1,200         3             1  0.5 s  1 min 15 s',
      '',
      '  no slo in the workflow: add `slo: {p99Seconds, successRate}` to get a verdict',
      '',
    ].join('\n'));
  });
});
