import * as path from 'path';
import { registerCheck } from '../../../lib/cli/check';
import { captureIO } from '../../../lib/cli/io';
import { runCli } from '../../../lib/cli/program';
import { EXAMPLES } from '../../../examples';

const SPECS = path.resolve(__dirname, '../../fixtures/specs');

async function check(file: string, json = true) {
  const io = captureIO();
  const code = await runCli(['check', file, ...(json ? ['--json'] : [])], io, [registerCheck]);
  return { code, out: io.out(), report: json ? JSON.parse(io.out()) : undefined };
}

describe('dagstep check', () => {
  test('a crafted unsafe spec is flagged on every rule, each failure saying what and where', async () => {
    // WHEN
    const { code, report } = await check(path.join(SPECS, 'unsafe-all-rules.json'));
    // THEN
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    const byId = Object.fromEntries(report.checks.map((c: any) => [c.id, c]));
    expect(report.checks.map((c: any) => [c.id, c.ok])).toStrictEqual([
      ['graph', true], ['idempotent-retries', false], ['failure-paths', false], ['timeouts', false],
      ['map-concurrency', false], ['no-secrets', false], ['sfn-limits', false],
    ]);
    expect(byId['idempotent-retries'].details).toStrictEqual(['task "charge_cards" is retried (policy default) but is neither idempotent: true nor sideEffects: none — a retry could apply it twice']);
    expect(byId['failure-paths'].details).toStrictEqual(['map "tolerant" tolerates 10 % failed items, which reach no dead-letter queue; set toleratedFailurePercentage 0 or mark the task optional']);
    expect(byId.timeouts.details).toStrictEqual([
      'task "charge_cards": timeout 1200 s (3 × durationSeconds) exceeds Lambda\'s 900 s limit; split the task or run it elsewhere',
      'the worst case of the critical path including every retry is 9064 s, more than the state machine timeout 60 s',
    ]);
    expect(byId['map-concurrency'].details).toStrictEqual(['task "fan_everything": map.maxConcurrency 0 means unlimited fan-out, which can exhaust Lambda concurrency; set a limit']);
    expect(byId['no-secrets'].details).toStrictEqual(['task "charge_cards": environment.API_KEY looks like an API token; reference it from SSM Parameter Store or Secrets Manager instead']);
    expect(byId['sfn-limits'].details).toStrictEqual(['an execution can write up to 30107 history events (every retry taken), over the 25000 limit']);
  });

  test('a cycle fails the graph check and stops there', async () => {
    const { code, report } = await check(path.join(SPECS, 'cyclic-check.json'));
    expect(code).toBe(1);
    expect(report.checks).toStrictEqual([{ id: 'graph', title: 'the DAG is valid (no cycles, no unknown or duplicate ids)', ok: false, details: ['cycle: a → b → a'] }]);
  });

  test.each(EXAMPLES.map((e) => [e.name, e.file]))('the %s example passes every check', async (_n, file) => {
    const { code, out } = await check(file, false);
    expect(code).toBe(0);
    expect(out.trim().split('\n').slice(1).map((l) => l.slice(0, 1))).toStrictEqual(['✔', '✔', '✔', '✔', '✔', '✔', '✔', 'a']);
  });
});
