import * as fs from 'fs';
import * as path from 'path';
import { registerCompile } from '../../lib/cli/compile';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { SpecError } from '../../lib/model/errors';
import { loadSpecFile } from '../../lib/model/spec-loader';
import YAML from 'yaml';
import { tempDir } from '../support/temp';

const DIR = path.resolve(__dirname, '../fixtures/invalid');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(DIR, 'EXPECTED.json'), 'utf8')) as Record<string, { message: string; stage: 'spec' | 'graph'; task?: string; generated?: boolean }>;

/** The huge file is made here rather than committed: over 5 MB of tasks. */
function fileFor(name: string): string {
  if (!EXPECTED[name].generated) return path.join(DIR, name);
  const file = path.join(tempDir('dagstep-huge-'), name);
  const tasks = Array.from({ length: 70000 }, (_, i) => ({ id: `task_${i}`, dependsOn: i ? [`task_${i - 1}`] : [], description: 'x'.repeat(20) }));
  fs.writeFileSync(file, JSON.stringify({ name: 'huge', tasks }));
  return file;
}

describe('the invalid-spec corpus', () => {
  test('has at least 50 specs, each with its expected message', () => {
    const files = fs.readdirSync(DIR).filter((f) => f !== 'EXPECTED.json');
    expect(Object.keys(EXPECTED).length).toBeGreaterThanOrEqual(50);
    expect(files.sort()).toStrictEqual(Object.keys(EXPECTED).filter((k) => !EXPECTED[k].generated).sort());
  });

  test.each(Object.keys(EXPECTED))('%s exits 1 with a one-screen message naming file, task and field — no stack trace', async (name) => {
    // GIVEN
    const file = fileFor(name);
    const io = captureIO();
    // WHEN
    const code = await runCli(['compile', file], io, [registerCompile]);
    // THEN
    const err = io.err();
    expect(code).toBe(1);
    expect(io.out()).toBe('');
    expect(err).toContain(EXPECTED[name].message);
    expect(err.startsWith(`${file}: `)).toBe(true);
    if (EXPECTED[name].task) expect(err).toContain(`task "${EXPECTED[name].task}"`);
    expect(err).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(err).not.toContain('internal error');
    expect(err.split('\n').length).toBeLessThan(25);
  });
});

describe('the invalid-spec corpus at the loader', () => {
  const stage = (s: string) => Object.keys(EXPECTED).filter((k) => EXPECTED[k].stage === s);

  test.each(stage('spec'))('%s throws a SpecError naming the file, the task and the problem', (name) => {
    // GIVEN a spec-stage bad input
    const file = fileFor(name);
    // WHEN loaded
    let err: unknown;
    try { loadSpecFile(file); } catch (e) { err = e; }
    // THEN a SpecError names the file, the expected substring and the task when there is one
    expect(err).toBeInstanceOf(SpecError);
    const msg = (err as SpecError).message;
    const task = EXPECTED[name].task;
    expect([msg.includes(file), msg.includes(EXPECTED[name].message), task === undefined || msg.includes(`task "${task}"`)]).toStrictEqual([true, true, true]);
  });

  test.each(stage('graph'))('%s still loads so the graph layer can report it', (name) => {
    // GIVEN a graph-stage bad input WHEN loaded THEN the tasks are all kept
    const raw = YAML.parse(fs.readFileSync(fileFor(name), 'utf8')) as { tasks: { id: string }[] };
    expect(loadSpecFile(fileFor(name)).tasks.map((t) => t.id)).toStrictEqual(raw.tasks.map((t) => t.id));
  });
});
