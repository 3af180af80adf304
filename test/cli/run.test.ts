import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerRun } from '../../lib/cli/run';
import { planMakespan } from '../../lib/graph/layout';
import { compileDefinition } from '../../lib/constructs/render-asl';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { EXAMPLES } from '../../examples';

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
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-')), 'r.html');
    expect((await run(ETL, '--input', ETL_INPUT, '--report', report)).code).toBe(0);
    expect(fs.readFileSync(report, 'utf8')).toContain('<svg id="gantt"');
    expect((await run(ETL, '--fail', 'transform=exploded')).code).toBe(2);
    const unknown = await run(ETL, '--fail', 'tranform=permanent');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(`${ETL}: task "tranform": --fail: no task "tranform" in workflow "etl"\n`);
  });
});

describe('dagstep run --layout exact', () => {
  test.each(['viralrecon-dirt02-001.json', 'methylseq-dirt02-001.json', 'mag-dirt02-001.json'])(
    '%s: the engine runs the cross-branch waits and the makespan equals the critical path', async (file) => {
      // GIVEN
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const index = require('../../bench/dags/INDEX.json') as { file: string; criticalPathSeconds: number }[];
      // WHEN
      const r = await run(path.join(DAGS, file), '--layout', 'exact', '--json');
      // THEN
      expect(r.code).toBe(0);
      expect(r.json().makespanSeconds).toBeCloseTo(index.find((e) => e.file === file)!.criticalPathSeconds, 6);
    });
});
