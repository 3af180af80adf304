import * as path from 'path';
import { formatReport, MAX_DETAILS_SHOWN, runChecks } from '../../../lib/compile/checks';
import type { AslMachine } from '../../../lib/compile/checks/asl-walk';
import { compileDefinition } from '../../../lib/constructs/render-asl';
import { loadSpecFile } from '../../../lib/model/spec-loader';
import type { WorkflowModel } from '../../../lib/model/types';
import { task, workflow } from '../../support/models';

const render = (m: WorkflowModel) => compileDefinition(m).definition as unknown as AslMachine;
const UNSAFE = path.resolve(__dirname, '../../fixtures/specs/unsafe.yaml');

describe('runChecks', () => {
  test('the unsafe spec fails every rule with its message', () => {
    // GIVEN the crafted unsafe spec
    const model = loadSpecFile(UNSAFE);
    // WHEN checked
    const report = runChecks(model, render);
    // THEN
    expect([report.workflow, report.file, report.ok]).toStrictEqual(['unsafe', UNSAFE, false]);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(report.checks.map((c) => [c.id, c.ok])).toStrictEqual([
      ['graph', true], ['idempotent-retries', false], ['failure-paths', true], ['timeouts', false],
      ['map-concurrency', false], ['fan-out', true], ['payloads', true], ['no-secrets', false], ['sfn-limits', false], ['callback-tasks', true],
    ]);
    expect(byId['idempotent-retries'].details).toStrictEqual(['task "charge_cards" is retried (policy default) but is neither idempotent: true nor sideEffects: none — a retry could apply it twice']);
    // the tolerant Distributed Map is followed by "tolerant.failedItems", which letters its failed items
    expect(byId['failure-paths'].details).toStrictEqual(['required tasks fail where a redrive re-runs them (the guard letters them); optional tasks send their own letter; no Catch ends at a Fail']);
    expect(byId.timeouts.details).toStrictEqual([
      'task "charge_cards": timeout 1200 s (3 × durationSeconds) exceeds Lambda\'s 900 s limit; split the task, or run it as a container, batch or glue task, which can run for hours (README "Task kinds")',
      'the worst case of the critical path including every retry is 9064 s, more than the state machine timeout 60 s',
    ]);
    expect(byId['map-concurrency'].details).toStrictEqual(['task "fan_everything": map.maxConcurrency 0 means unlimited fan-out, which can exhaust Lambda concurrency; set a limit']);
    expect(byId['no-secrets'].details).toStrictEqual(['task "charge_cards": environment.API_KEY looks like a Stripe key; declare it under the task\'s secrets: (a Secrets Manager secret or an SSM SecureString) and read it with getSecret() instead, or if it is not a secret say why: acknowledgeSecrets: [{field: "environment.API_KEY", reason: "..."}]']);
    // (every Pass of the definition counts 2 events; the 13 required tasks no longer have a `<task>.failed` Pass)
    expect(byId['sfn-limits'].details).toStrictEqual(['an execution can write up to 27596 history events (every retry taken), over the 25000 limit; the most from "fan_everything" 2504 (inline map of 100 assumed items: set map.mode distributed), "batch_0" 2504 (inline map of 100 assumed items: set map.mode distributed), "batch_1" 2504 (inline map of 100 assumed items: set map.mode distributed)']);
  });

  test('a safe spec passes every check', () => {
    // GIVEN a small safe workflow
    const model = workflow('safe', [task('a', [], { idempotent: true }), task('b', ['a'], { sideEffects: 'none' })]);
    // WHEN checked
    const report = runChecks(model, render);
    // THEN
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.ok)).toStrictEqual([true, true, true, true, true, true, true, true, true, true]);
    expect(report.checks[0].details).toStrictEqual(['2 tasks, acyclic']);
  });

  test('a graph error stops the checks and render is never called', () => {
    // GIVEN a cycle
    const model = workflow('cyc', [task('a', ['b']), task('b', ['a'])]);
    let rendered = false;
    // WHEN checked
    const report = runChecks(model, () => { rendered = true; return { StartAt: 'x', States: {} }; });
    // THEN
    expect(rendered).toBe(false);
    expect(report).toStrictEqual({
      workflow: 'cyc', file: 'test/cyc.yaml', ok: false,
      checks: [{ id: 'graph', title: 'the DAG is valid (no cycles, no unknown or duplicate ids)', ok: false, details: ['task "a": dependsOn: cycle: a → b → a'] }],
    });
  });
});

describe('formatReport', () => {
  test('one line per check, failure details indented, a summary', () => {
    // GIVEN a report with one pass and one failure
    const report = {
      workflow: 'w', file: 'w.yaml', ok: false,
      checks: [
        { id: 'graph', title: 'graph ok', ok: true, details: ['2 tasks', 'acyclic'] },
        { id: 'x', title: 'x holds', ok: false, details: ['first', 'second'] },
      ],
    };
    // WHEN formatted / THEN
    expect(formatReport(report)).toBe([
      'dagstep check w.yaml (w)',
      '✔ graph ok — 2 tasks; acyclic',
      '✘ x holds',
      '    first',
      '    second',
      '1 of 2 checks failed',
      '',
    ].join('\n'));
    expect(formatReport({ ...report, ok: true, checks: [report.checks[0]] }).endsWith('all checks passed\n')).toBe(true);
  });

  test('GIVEN a check failing on 10,000 tasks WHEN formatted THEN the first 20 are shown and the rest counted', () => {
    // GIVEN
    const details = Array.from({ length: 10_000 }, (_, i) => `task "t${i}" is wrong`);
    const report = { workflow: 'w', file: 'w.yaml', ok: false, checks: [{ id: 'x', title: 'x holds', ok: false, details }] };
    // WHEN
    const lines = formatReport(report).trimEnd().split('\n');
    // THEN
    expect(MAX_DETAILS_SHOWN).toBe(20);
    expect(lines).toStrictEqual([
      'dagstep check w.yaml (w)',
      '✘ x holds',
      ...details.slice(0, 20).map((d) => `    ${d}`),
      '    … and 9980 more (dagstep check --json lists them all)',
      '1 of 1 checks failed',
    ]);
  });
});

describe('checks and task kinds', () => {
  const CONNECTION = 'arn:aws:events:eu-west-1:123456789012:connection/api/0a1b2c3d';

  test('long non-Lambda tasks pass the timeout rule; every kind passes the failure-path rule', () => {
    // GIVEN a 2-hour container step, a glue job, an http call and a child workflow
    const model = workflow('kinds', [
      task('c', [], { container: { image: 'alpine:3' }, timeoutSeconds: 7200, sideEffects: 'none' }),
      task('g', ['c'], { glue: { jobName: 'j' }, timeoutSeconds: 7200, sideEffects: 'none' }),
      task('h', ['g'], { http: { method: 'GET', url: 'https://x.example.com/', connection: CONNECTION }, sideEffects: 'none' }),
      task('w', ['h'], { workflow: 'child', sideEffects: 'none' }),
    ], { timeoutSeconds: 100_000 });
    // WHEN checked
    const byId = Object.fromEntries(runChecks(model, render).checks.map((c) => [c.id, c]));
    // THEN
    expect([byId.timeouts.ok, byId['failure-paths'].details]).toStrictEqual([true, [
      'required tasks fail where a redrive re-runs them (the guard letters them); optional tasks send their own letter; no Catch ends at a Fail',
    ]]);
  });

  test('a reserved concurrency lower than the map concurrency that feeds the function is flagged', () => {
    // GIVEN a map of 50 items at a time into a function limited to 10, and one that fits
    const model = workflow('rc', [
      task('fan', [], { map: { itemsPath: '$.items', maxConcurrency: 50 }, reservedConcurrency: 10, sideEffects: 'none' }),
      task('ok', [], { map: { itemsPath: '$.items', maxConcurrency: 5 }, reservedConcurrency: 10, sideEffects: 'none' }),
    ]);
    // WHEN checked
    const mapCheck = runChecks(model, render).checks.find((c) => c.id === 'map-concurrency')!;
    // THEN
    expect(mapCheck).toStrictEqual({
      id: 'map-concurrency', title: 'map fan-out has a concurrency limit', ok: false,
      details: ['task "fan": reservedConcurrency 10 is lower than the map\'s maxConcurrency 50, so items will be throttled; raise reservedConcurrency or lower maxConcurrency'],
    });
  });
});
