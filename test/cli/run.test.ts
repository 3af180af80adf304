import * as fs from 'fs';
import * as path from 'path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { formatSummary, registerRun } from '../../lib/cli/run';
import { planMakespan } from '../../lib/graph/layout';
import { compileDefinition } from '../../lib/constructs/render-asl';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { EXAMPLES } from '../../examples';
import { tempDir } from '../support/temp';

const DAGS = path.resolve(__dirname, '../../bench/dags');
const ETL = EXAMPLES.find((e) => e.name === 'etl')!.file;
const ETL_INPUT = path.resolve(__dirname, '../../examples/etl/input.json');

async function run(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['run', ...args], io, [registerRun]);
  return { code, out: io.out(), err: io.err(), json: () => JSON.parse(io.out()) };
}

describe('dagstep run', () => {
  test.each(fs.readdirSync(DAGS).filter((f) => f.endsWith('.json') && f !== 'INDEX.json'))(
    'benchmark %s succeeds and its simulated makespan equals the structural makespan of its definition', async (file) => {
      // GIVEN
      const model = loadSpecFile(path.join(DAGS, file));
      const structural = planMakespan(compileDefinition(model).plan, model);
      // WHEN
      const r = await run(path.join(DAGS, file), '--json');
      // THEN
      expect(r.code).toBe(0);
      const s = r.json();
      expect(s.status).toBe('SUCCEEDED');
      expect(s.makespanSeconds).toBeCloseTo(structural, 6);
      expect(Object.values<any>(s.tasks).every((t) => t.status === 'SUCCEEDED' && t.attempts === 1)).toBe(true);
    });

  test('--json prints exactly one JSON object with the documented fields', async () => {
    const r = await run(ETL, '--input', ETL_INPUT, '--json');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(r.json()).sort()).toStrictEqual(['deadLetters', 'executionId', 'makespanSeconds', 'output', 'status', 'tasks', 'transitions']);
    expect(r.json().output.results.transform).toStrictEqual({ date: '2026-11-24', rows: 75, partitions: ['2026-11-24/part-0', '2026-11-24/part-1', '2026-11-24/part-2', '2026-11-24/part-3'] });
  });

  test('--fail X=transient:2: X fails twice, then succeeds on attempt 3', async () => {
    // WHEN
    const s = (await run(ETL, '--input', ETL_INPUT, '--fail', 'transform=transient:2', '--json')).json();
    // THEN
    expect(s.status).toBe('SUCCEEDED');
    expect(s.tasks.transform).toStrictEqual({ status: 'SUCCEEDED', attempts: 3 });
    expect(s.deadLetters).toStrictEqual([]);
  });

  test('--fail X=permanent: the run fails, X failed, its dependents never ran, one dead letter names X with its input', async () => {
    // WHEN
    const r = await run(ETL, '--input', ETL_INPUT, '--fail', 'transform=permanent', '--json');
    const s = r.json();
    // THEN
    expect(r.code).toBe(1);
    expect(s.status).toBe('FAILED');
    expect(s.tasks.transform).toStrictEqual({ status: 'FAILED', attempts: 1 });
    expect(s.tasks.load).toStrictEqual({ status: 'NOT_RUN', attempts: 0 });
    expect(s.deadLetters).toHaveLength(1);
    const [dl] = s.deadLetters;
    expect(dl).toMatchObject({ workflow: 'etl', executionId: s.executionId, taskId: 'transform', error: 'Error' });
    expect(dl.input.input).toStrictEqual({ date: '2026-11-24', records: 25 });
    expect(Object.keys(dl.input.results).sort()).toStrictEqual(['extract_customers', 'extract_exchange_rates', 'extract_inventory', 'extract_orders']);
    expect(typeof dl.timestamp).toBe('string');
  });

  test('--redrive: a failed run is redriven without the --fail faults; only the failed task and what follows it run again', async () => {
    // WHEN transform fails for good, and the run is redriven
    const r = await run(ETL, '--input', ETL_INPUT, '--fail', 'transform=permanent', '--redrive', '--json');
    const { run: first, redrive } = r.json();
    // THEN the redrive is the same execution, re-ran transform and load only, and succeeded (exit 0)
    expect([r.code, first.status, redrive.status, redrive.executionId]).toStrictEqual([0, 'FAILED', 'SUCCEEDED', first.executionId]);
    expect(redrive.redriven).toStrictEqual({ count: 1, reran: { transform: 1, load: 1 } });
    expect(redrive.tasks.extract_orders).toStrictEqual({ status: 'SUCCEEDED', attempts: 1 });
    expect(redrive.deadLetters).toStrictEqual([]);
    // AND the human output says what the redrive re-ran
    const human = await run(ETL, '--input', ETL_INPUT, '--fail', 'transform=permanent', '--redrive');
    expect(human.out).toContain('redrive 1 (as `dlq redrive` would, without the --fail faults): re-ran transform (1 attempt), load (1 attempt)\n');
  });

  test('--fail X=timeout times the task out (States.Timeout), retried by its policy, then dead-lettered', async () => {
    const s = (await run(ETL, '--input', ETL_INPUT, '--fail', 'extract_orders=timeout', '--json')).json();
    expect(s.status).toBe('FAILED');
    expect(s.error).toBe('States.Timeout');
    expect(s.tasks.extract_orders).toStrictEqual({ status: 'FAILED', attempts: 2 });
    expect(s.deadLetters.map((d: any) => [d.taskId, d.error])).toStrictEqual([['extract_orders', 'States.Timeout']]);
  });

  test('the same seed gives the same run', async () => {
    const a = (await run(ETL, '--input', ETL_INPUT, '--fail', 'extract_orders=transient:3', '--seed', '7', '--json')).json();
    const b = (await run(ETL, '--input', ETL_INPUT, '--fail', 'extract_orders=transient:3', '--seed', '7', '--json')).json();
    expect(b).toStrictEqual(a);
  });

  test('--report writes the HTML report; a malformed --fail is a usage error; an unknown task a user error', async () => {
    const report = path.join(tempDir('dagstep-'), 'r.html');
    expect((await run(ETL, '--input', ETL_INPUT, '--report', report)).code).toBe(0);
    expect(fs.readFileSync(report, 'utf8')).toContain('<svg id="gantt"');
    expect((await run(ETL, '--fail', 'transform=exploded')).code).toBe(2);
    const unknown = await run(ETL, '--fail', 'tranform=permanent');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(`${ETL}: task "tranform": faults (--fail): no task "tranform" in workflow "etl"\n`);
  });
});

describe('dagstep run --layout exact', () => {
  test.each(['viralrecon-dirt02-001.json', 'methylseq-dirt02-001.json', 'mag-dirt02-001.json'])(
    '%s: the engine runs the cross-branch waits and the makespan equals the critical path', async (file) => {
      // GIVEN
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON fixture
      const index = require('../../bench/dags/INDEX.json') as { file: string; criticalPathSeconds: number }[];
      // WHEN
      const r = await run(path.join(DAGS, file), '--layout', 'exact', '--json');
      // THEN
      expect(r.code).toBe(0);
      expect(r.json().makespanSeconds).toBeCloseTo(index.find((e) => e.file === file)!.criticalPathSeconds, 6);
    });

  describe('environment and local secrets', () => {
    const SPEC = path.resolve(__dirname, '../fixtures/specs/secrets.yaml');
    const sm = mockClient(SecretsManagerClient);
    const ssm = mockClient(SSMClient);
    beforeEach(() => { sm.reset(); ssm.reset(); });
    afterAll(() => { sm.restore(); ssm.restore(); });

    test('--secrets FILE: the handler gets its spec environment and the local value; AWS is never called', async () => {
      // GIVEN a secrets file
      const dir = tempDir('dagstep-secrets-');
      const file = path.join(dir, 'secrets.json');
      fs.writeFileSync(file, JSON.stringify({ DB_PASSWORD: 'local-pw' }));
      // WHEN run
      const r = await run(SPEC, '--secrets', file, '--json');
      // THEN the handler saw STAGE and the value, no AWS client was called, and the environment is restored
      expect(r.code).toBe(0);
      expect(r.json().output.results.read).toStrictEqual({ stage: 'dev', matches: true, length: 8 });
      expect(sm.calls()).toHaveLength(0);
      expect(ssm.calls()).toHaveLength(0);
      expect(process.env.STAGE).toBeUndefined();
      expect(Symbol.for('dagstep.localSecrets') in globalThis).toBe(false);
    });

    test('--secrets-env PREFIX reads PREFIX<NAME> from the environment', async () => {
      // GIVEN the value in the environment
      process.env.LOCAL_SECRET_DB_PASSWORD = 'local-pw';
      try {
        // WHEN run / THEN
        const r = await run(SPEC, '--secrets-env', 'LOCAL_SECRET_', '--json');
        expect(r.json().output.results.read).toStrictEqual({ stage: 'dev', matches: true, length: 8 });
        expect(sm.calls()).toHaveLength(0);
      } finally {
        delete process.env.LOCAL_SECRET_DB_PASSWORD;
      }
    });

    test('without a value the task fails with a message saying how to pass one, still without AWS', async () => {
      // GIVEN no source / WHEN run
      const r = await run(SPEC, '--json');
      // THEN the task fails (dead-lettered) with the typed error, and no client was called
      expect(r.code).toBe(1);
      expect(r.json().deadLetters.map((d: { error: string; cause: string }) => [d.error, JSON.parse(d.cause).errorMessage])).toStrictEqual([[
        'SecretNotDeclaredError', 'secret "DB_PASSWORD" has no local value: pass it with --secrets <file.json> or --secrets-env <PREFIX> (dagstep run, simulate), or the secrets option (runLocally, LocalWorkflow.run)',
      ]]);
      expect(sm.calls()).toHaveLength(0);
    });

    test('a malformed secrets file is a user error naming the file', async () => {
      // GIVEN a file with a number value / WHEN run / THEN exit 1, clean message
      const dir = tempDir('dagstep-secrets-');
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, JSON.stringify({ DB_PASSWORD: 42 }));
      const r = await run(SPEC, '--secrets', file);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`${file}: --secrets DB_PASSWORD: expected a string value, received number\n`);
    });
  });

  test('a project outside any npm project (no package-lock.json above it) runs: no PathNotUnderRoot', async () => {
    // GIVEN a spec and its handler in a temporary directory, far from dagstep's own lock file
    const dir = tempDir('dagstep-outside-');
    fs.mkdirSync(path.join(dir, 'handlers'));
    fs.writeFileSync(path.join(dir, 'handlers', 'h.js'), 'exports.handler = async () => ({ ok: true });\n');
    fs.writeFileSync(path.join(dir, 'wf.yaml'), 'name: outside\ntasks:\n  - id: a\n    handler: handlers/h.js\n    sideEffects: none\n');
    // WHEN run / THEN it succeeds
    const r = await run(path.join(dir, 'wf.yaml'), '--json');
    expect(r.err).toBe('');
    expect(r.json().output.results.a).toStrictEqual({ ok: true });
  });
});


describe('formatSummary', () => {
  test('a task its fallback rescued reads RESCUED in a SUCCEEDED run, naming the fallback', () => {
    // GIVEN send failed and its fallback queue succeeded
    const s = { status: 'SUCCEEDED' as const, executionId: 'x', output: {}, deadLetters: [], transitions: 4, makespanSeconds: 3,
      tasks: { send: { status: 'FAILED' as const, attempts: 1 }, queue: { status: 'SUCCEEDED' as const, attempts: 1 } } };
    // WHEN
    const text = formatSummary('w', s, undefined, [{ id: 'send', fallback: 'queue' }, { id: 'queue' }]);
    // THEN
    expect(text.split('\n').slice(1, 3)).toStrictEqual(['  send   RESCUED   1 attempt (queue ran in its place)', '  queue  SUCCEEDED 1 attempt']);
  });
});
