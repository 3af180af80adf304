import * as fs from 'fs';
import * as path from 'path';
import { registerCheck } from '../../lib/cli/check';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { EXAMPLES } from '../../examples';
import { tempDir } from '../support/temp';

const UNSAFE = path.resolve(__dirname, '../fixtures/specs/unsafe.yaml');

async function check(args: string[]) {
  const io = captureIO();
  const code = await runCli(['check', ...args], io, [registerCheck]);
  return { code, out: io.out(), err: io.err() };
}

describe('dagstep check', () => {
  test.each(EXAMPLES.map((e) => [e.name, e.file]))('the %s example exits 0 with every check passed', async (_n, file) => {
    // GIVEN an example / WHEN checked
    const { code, out, err } = await check([file]);
    // THEN
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.trim().split('\n').slice(-1)).toStrictEqual(['all checks passed']);
  });

  test('the unsafe YAML spec exits 1 with every rule flagged', async () => {
    // GIVEN the unsafe spec / WHEN checked as text
    const { code, out } = await check([UNSAFE]);
    // THEN each rule fails but graph and failure paths (dagstep's compiler letters every failure, tolerated map items included)
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe(`dagstep check ${UNSAFE} (unsafe)`);
    expect(lines.filter((l) => /^[✔✘]/.test(l))).toStrictEqual([
      '✔ the DAG is valid (no cycles, no unknown or duplicate ids) — 13 tasks, acyclic',
      '✘ retried tasks are idempotent',
      '✔ every failure has one owner: the guard, a fallback or an optional letter — required tasks fail where a redrive re-runs them (the guard letters them); optional tasks send their own letter; no Catch ends at a Fail',
      '✘ every task has a timeout and the worst case fits',
      '✘ map fan-out has a concurrency limit',
      '✔ maps fit Step Functions at their size — 12 map tasks (0 with a stated size, the others assumed 100 items: set map.expectedItems)',
      "✔ every state stays under 256 KB — gathered results within 163840 bytes (each task's results over 12603 bytes travel by reference)",
      '✘ no secret literals in the spec',
      '✘ Step Functions limits respected',
      '✔ waitFor and approval tasks: timeouts set, correlation present, topic encrypted — no waitFor or approval tasks',
    ]);
    expect(lines).toContain('    task "fan_everything": map.maxConcurrency 0 means unlimited fan-out, which can exhaust Lambda concurrency; set a limit');
    expect(lines).toContain('    task "charge_cards": environment.API_KEY looks like a Stripe key; declare it under the task\'s secrets: (a Secrets Manager secret or an SSM SecureString) and read it with getSecret() instead, or if it is not a secret say why: acknowledgeSecrets: [{field: "environment.API_KEY", reason: "..."}]');
    expect(lines[lines.length - 1]).toBe('5 of 10 checks failed');
  });

  test('--json prints one object with the report', async () => {
    // GIVEN the unsafe spec / WHEN checked with --json
    const { code, out } = await check([UNSAFE, '--json']);
    // THEN
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toStrictEqual(['workflow', 'file', 'ok', 'checks']);
    expect([report.workflow, report.file, report.ok]).toStrictEqual(['unsafe', UNSAFE, false]);
    expect(report.checks.map((c: { id: string; ok: boolean }) => [c.id, c.ok])).toStrictEqual([
      ['graph', true], ['idempotent-retries', false], ['failure-paths', true], ['timeouts', false],
      ['map-concurrency', false], ['fan-out', true], ['payloads', true], ['no-secrets', false], ['sfn-limits', false], ['callback-tasks', true],
    ]);
    expect(report.checks[1].details).toStrictEqual(['task "charge_cards" is retried (policy default) but is neither idempotent: true nor sideEffects: none — a retry could apply it twice']);
    // the tolerant Distributed Map is followed by "tolerant.failedItems", which letters its failed items
    expect(report.checks[2].details).toStrictEqual(['required tasks fail where a redrive re-runs them (the guard letters them); optional tasks send their own letter; no Catch ends at a Fail']);
    expect(report.checks[8].details).toStrictEqual(['an execution can write up to 27596 history events (every retry taken), over the 25000 limit; the most from "fan_everything" 2504 (inline map of 100 assumed items: set map.mode distributed), "batch_0" 2504 (inline map of 100 assumed items: set map.mode distributed), "batch_1" 2504 (inline map of 100 assumed items: set map.mode distributed)']);
  });

  test('a missing spec is a user error', async () => {
    // GIVEN / WHEN
    const { code, out, err } = await check(['/nonexistent/x.yaml']);
    // THEN
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe('/nonexistent/x.yaml: file not found\n');
  });

  test('a cycle fails the graph check and the checklist stops there', async () => {
    // GIVEN / WHEN
    const { code, out } = await check([path.resolve(__dirname, '../fixtures/specs/cyclic-check.json'), '--json']);
    // THEN
    expect(code).toBe(1);
    expect(JSON.parse(out).checks).toStrictEqual([{ id: 'graph', title: 'the DAG is valid (no cycles, no unknown or duplicate ids)', ok: false, details: ['task "a": dependsOn: cycle: a → b → a'] }]);
  });

  test('--previous warns about a task the new definition no longer has, and still exits 0', async () => {
    // GIVEN the five-step example's definition with one more task, as if deployed before
    const file = EXAMPLES.find((e) => e.name === 'five_step')!.file;
    const { compileDefinition } = await import('../../lib/constructs/render-asl');
    const { loadSpecFile } = await import('../../lib/model/spec-loader');
    const model = loadSpecFile(file);
    const before = compileDefinition({ ...model, tasks: [...model.tasks, { ...model.tasks[0], id: 'old_step', dependsOn: [model.tasks[0].id], handler: undefined }] }).definition;
    const prev = path.join(tempDir('dagstep-previous-'), 'previous.json');
    fs.writeFileSync(prev, JSON.stringify(before));
    // WHEN checked against it
    const { code, out } = await check([file, '--previous', prev]);
    // THEN the migration line carries the warning and the checklist passes
    expect(code).toBe(0);
    expect(out).toContain('✔ changes against the previous definition are safe for in-flight executions — warning: task "old_step" was removed');
    // AND an unreadable file is a user error naming the option
    const bad = await check([file, '--previous', `${prev}.missing`]);
    expect([bad.code, bad.err]).toStrictEqual([1, expect.stringContaining('--previous: expected an existing file, received a path that does not exist')]);
  });
  test('a partitioned (600-task) workflow counts each execution\'s own history, not the sum', async () => {
    // GIVEN 600 side-effect-free tasks in 60 chains of 10 (two state machines' worth), 13 retries each:
    // 44 events per task worst case, 26,400 summed over all tasks but at most 22,000 per execution
    const dir = tempDir('dagstep-check-');
    const file = path.join(dir, 'big.json');
    const tasks = Array.from({ length: 600 }, (_, i) => ({
      id: `t${i}`, sideEffects: 'none', retry: { policy: 'transient', maxAttempts: 13 }, ...(i % 10 === 0 ? {} : { dependsOn: [`t${i - 1}`] }),
    }));
    fs.writeFileSync(file, JSON.stringify({ name: 'big', tasks }));
    // WHEN checked
    const { out } = await check([file, '--json']);
    // THEN the limits check passes: the parent and each child stay far below 25,000 events
    const limits = (JSON.parse(out).checks as { id: string; ok: boolean; details: string[] }[]).find((c) => c.id === 'sfn-limits')!;
    expect(limits.ok).toBe(true);
    const [, worst] = /(\d+) worst case/.exec(limits.details[0])!;
    expect(Number(worst)).toBeLessThan(25_000);
    expect(Number(worst)).toBeGreaterThan(100 * 44);
    // AND the child steps' failure paths (a Choice: the child's own letter, or a letter for a child
    // that could not start) count as reaching the dead-letter queue
    const paths = (JSON.parse(out).checks as { id: string; ok: boolean; details: string[] }[]).find((c) => c.id === 'failure-paths')!;
    expect([paths.ok, paths.details]).toStrictEqual([true, ['required tasks fail where a redrive re-runs them (the guard letters them); optional tasks send their own letter; no Catch ends at a Fail']]);
  }, 120_000);
});
