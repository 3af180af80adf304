import * as fs from 'fs';
import * as path from 'path';
import { registerCompile } from '../../lib/cli/compile';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { EXAMPLES } from '../../examples';
import { validateAsl } from '../support/asl';
import { tempDir } from '../support/temp';

const DAGS = path.resolve(__dirname, '../../bench/dags');
const BENCHMARKS = fs.readdirSync(DAGS).filter((f) => f.endsWith('.json') && f !== 'INDEX.json');
const SPECS = path.resolve(__dirname, '../fixtures/specs');

async function compile(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['compile', ...args], io, [registerCompile]);
  return { code, out: io.out(), err: io.err() };
}

/** Every state name of a definition, recursing into branches and item processors. */
function stateNames(def: any): string[] {
  return Object.entries<any>(def.States).flatMap(([name, s]) => [
    name, ...(s.Branches ?? []).flatMap(stateNames), ...(s.ItemProcessor ? stateNames(s.ItemProcessor) : []),
  ]);
}

describe('dagstep compile', () => {
  test.each(BENCHMARKS)('benchmark %s compiles to valid definitions under 1 MB with one state per task', async (file) => {
    // GIVEN
    const spec = JSON.parse(fs.readFileSync(path.join(DAGS, file), 'utf8')) as { tasks: { id: string }[] };
    const dir = tempDir('dagstep-bench-compile-');
    // WHEN every definition is written (a big workflow's parent and children)
    const { code, err } = await compile(path.join(DAGS, file), '--out-dir', dir);
    // THEN
    expect(err).toBe('');
    expect(code).toBe(0);
    const defs = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const text of defs) {
      expect(validateAsl(JSON.parse(text))).toBe('');
      expect(JSON.stringify(JSON.parse(text)).length).toBeLessThan(1_048_576);
    }
    // AND each task is a state of exactly one of them
    const names = defs.flatMap((text) => stateNames(JSON.parse(text)));
    for (const t of spec.tasks) expect([t.id, names.filter((n) => n === t.id).length]).toStrictEqual([t.id, 1]);
  });

  test.each(EXAMPLES.map((e) => [e.name, e.file]))('example %s compiles to a valid definition', async (_name, file) => {
    const { code, out } = await compile(file);
    expect(code).toBe(0);
    expect(validateAsl(JSON.parse(out))).toBe('');
  });

  test('--format mermaid draws every dependency, the critical path in bold', async () => {
    // WHEN
    const { code, out } = await compile(path.join(DAGS, 'helloworld-chain-5-chameleon.json'), '--format', 'mermaid');
    // THEN
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('graph TD');
    expect(out.match(/==>/g)?.length).toBe(4);
  });

  test('--format cfn prints the stack template with the state machine and the DLQ', async () => {
    const { code, out } = await compile(EXAMPLES[0].file, '--format', 'cfn');
    expect(code).toBe(0);
    const types = Object.values<any>(JSON.parse(out).Resources).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::StepFunctions::StateMachine', 'AWS::SQS::Queue', 'AWS::Lambda::Function']));
  });

  test('a cycle exits 1 naming the file, the task and the path, without a stack trace', async () => {
    const { code, out, err } = await compile(path.join(SPECS, 'cycle.yaml'));
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(`${path.join(SPECS, 'cycle.yaml')}: task "load": dependsOn: cycle: load → transform → load\n`);
  });

  test('a duplicate id exits 1 naming it', async () => {
    const { code, err } = await compile(path.join(SPECS, 'duplicate.yaml'));
    expect(code).toBe(1);
    expect(err).toBe(`${path.join(SPECS, 'duplicate.yaml')}: task "extract": id: duplicate task id (tasks[0] and tasks[1] are both "extract")\n`);
  });

  test('an unknown dependency exits 1 with a did-you-mean', async () => {
    const { code, err } = await compile(path.join(SPECS, 'unknown-dependency.json'));
    expect(code).toBe(1);
    expect(err).toBe(`${path.join(SPECS, 'unknown-dependency.json')}: task "transform": dependsOn: dependsOn names unknown task "extract_odrers" (did you mean "extract_orders"?)\n`);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('a bad --format is a usage error (exit 2)', async () => {
    const { code, err } = await compile(EXAMPLES[0].file, '--format', 'yaml');
    expect(code).toBe(2);
    expect(err).toContain("argument 'yaml' is invalid");
  });
});

describe('dagstep compile --out-dir', () => {
  test('writes the parent and every child definition of a partitioned workflow', async () => {
    // GIVEN a 600-task chain (more than 500 tasks: one parent, two children)
    const dir = tempDir('dagstep-out-');
    const spec = path.join(dir, 'long.json');
    fs.writeFileSync(spec, JSON.stringify({ name: 'long', tasks: Array.from({ length: 600 }, (_, i) => ({ id: `t${i}`, dependsOn: i === 0 ? [] : [`t${i - 1}`] })) }));
    const out = path.join(dir, 'asl');
    // WHEN
    const { code, out: printed, err } = await compile(spec, '--out-dir', out);
    // THEN
    expect({ code, err }).toStrictEqual({ code: 0, err: '' });
    expect(fs.readdirSync(out).sort()).toStrictEqual(['long.asl.json', 'long.child1.asl.json', 'long.child2.asl.json']);
    const parent = JSON.parse(fs.readFileSync(path.join(out, 'long.asl.json'), 'utf8'));
    const children = ['long.child1.asl.json', 'long.child2.asl.json'].map((f) => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')));
    for (const d of [parent, ...children]) expect(validateAsl(d)).toBe('');
    const tasks = children.flatMap((c) => stateNames(c)).filter((n) => /^t\d+$/.test(n));
    expect(new Set(tasks).size).toBe(600);
    expect(printed.split('\n').filter(Boolean).map((l) => l.split('  ')[1].replace(/\(.*\)/, '()'))).toStrictEqual(['state machine', 'child state machine 1 ()', 'child state machine 2 ()']);
    // AND the parent starts the children the files hold
    const started = JSON.stringify(parent).match(/\$\{WorkflowChild\dStateMachine[0-9A-F]{8}\}/g) ?? [];
    expect(new Set(started).size).toBe(2);
  });

  test('--out-dir with another format is a user error', async () => {
    // GIVEN / WHEN
    const r = await compile(path.join(SPECS, '..', '..', '..', 'examples', 'five-step', 'five-step.json'), '--out-dir', '/tmp/x', '--format', 'mermaid');
    // THEN
    expect(r).toStrictEqual({ code: 1, out: '', err: `${path.join(SPECS, '..', '..', '..', 'examples', 'five-step', 'five-step.json')}: --out-dir writes state machine definitions (--format asl), not --format mermaid\n` });
  });
});
