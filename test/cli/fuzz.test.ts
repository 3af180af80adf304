import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { registerCheck } from '../../lib/cli/check';
import { registerCompile } from '../../lib/cli/compile';
import { registerGraph } from '../../lib/cli/graph';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerRun } from '../../lib/cli/run';
import { seededRandom } from '../../lib/local/clock';
import { projectDirOf } from '../../lib/model/handler-module';
import { tempDir } from '../support/temp';

/**
 * Bad input never crashes the CLI: past crashes stay fixed (test/fixtures/crashes, each with its
 * expected message), and a seeded mutator over the examples and fixtures runs 2,000+ specs through
 * the CLI in-process; every outcome is success or a clean user error.
 */

const ROOT = path.resolve(__dirname, '../..');
const CRASHES = path.resolve(__dirname, '../fixtures/crashes');
const COMMANDS = [registerCompile, registerGraph, registerCheck, registerRun];
const CASE_TIMEOUT_MS = 20_000;

interface Outcome { readonly code: number; readonly out: string; readonly err: string }

/** Runs the CLI in-process, time-boxed. */
async function cli(args: readonly string[]): Promise<Outcome> {
  const io = captureIO();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<number>((_, reject) => { timer = setTimeout(() => reject(new Error(`hang: dagstep ${args.join(' ')}`)), CASE_TIMEOUT_MS); });
  try {
    const code = await Promise.race([runCli(args, io, COMMANDS), hang]);
    return { code, out: io.out(), err: io.err() };
  } finally {
    clearTimeout(timer);
  }
}

/** A clean outcome: exit 0, or exit 1 with a message and no sign of a bug. */
function cleanProblem(o: Outcome): string | undefined {
  if (o.code !== 0 && o.code !== 1) return `exit ${o.code}`;
  if (/internal error|this is a bug/i.test(o.err)) return 'internal error';
  if (/^\s+at .+(:\d+:\d+\)?|\(node:)/m.test(o.err)) return 'stack trace';
  if (o.code === 1 && o.err.trim() === '' && o.out.trim() === '') return 'exit 1 without a message';
  return undefined;
}

describe('past crashes (test/fixtures/crashes)', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(CRASHES, 'EXPECTED.json'), 'utf8')) as Record<string, { command: string; code: number; stderr: string }>;

  test('every fixture has an expectation and every expectation a fixture', () => {
    // GIVEN the folder / THEN the two lists match
    const files = fs.readdirSync(CRASHES).filter((f) => /\.(ya?ml|json|ts)$/.test(f) && f !== 'EXPECTED.json').sort();
    expect(Object.keys(expected).sort()).toStrictEqual(files);
  });

  test.each(Object.entries(expected))('%s exits cleanly with its message', async (name, e) => {
    // GIVEN a spec that once crashed / WHEN the command runs
    const file = path.join(CRASHES, name);
    const o = await cli([e.command, file]);
    // THEN the expected exit code and message, naming file, task and field (a DSL file's message
    // names the user's own frame, never a stack trace)
    expect(cleanProblem(o)).toBeUndefined();
    expect(o.code).toBe(e.code);
    expect(o.err).toBe(e.stderr === '' ? '' : `${e.stderr.replace(/<FILE>/g, file).replace(/<PROJECT>/g, projectDirOf(CRASHES))}\n`);
  }, 60_000);
});

/** Values a mutation plants: the crash classes seen so far and their neighbours. */
function nasty(r: () => number): unknown {
  const deep = (n: number): unknown => { let v: unknown = 'x'; for (let i = 0; i < n; i++) v = [v]; return v; };
  const pool: (() => unknown)[] = [
    () => 'constructor', () => 'toString', () => 'valueOf', () => 'hasOwnProperty', () => '__proto__', () => 'prototype',
    () => '', () => ' ', () => 'x'.repeat(5000), () => '\u0000', () => '😀', () => '$.', () => '$..a', () => '${x}',
    () => -1, () => 0, () => 1e308, () => 0.5, () => 2 ** 53, () => null, () => true, () => [], () => ({}),
    () => deep(1 + Math.floor(r() * 200)), () => ({ __proto__: { polluted: true } }), () => ({ constructor: { prototype: 1 } }),
    () => '/etc/passwd', () => '../../etc/hostname', () => 'handlers/notes.txt', () => '/', () => '.', () => 'C:\\Windows\\win.ini',
    () => ({ AWS_REGION: 'x' }), () => ({ LAMBDA_TASK_ROOT: '/x' }), () => ({ _HANDLER: 'x' }), () => ({ DBPASS: 'hunter2' }),
    () => ({ X: { ssm: '/a' } }), () => ({ X: { secretsManager: 'a', ssm: '/b' } }), () => ({ constructor: { ssm: '/a' } }),
    () => 'postgres://admin:S3cr3tPassw0rd@host/db', () => 'AKIAIOSFODNN7EXAMPLE',
    () => 'transient', () => 'nope', () => ({ policy: 'transient', maxAttempts: 1e9 }), () => ({ itemsPath: '$.x', maxConcurrency: 0, mode: 'distributed' }),
  ];
  return pool[Math.floor(r() * pool.length)]();
}

const KEYS = ['id', 'dependsOn', 'handler', 'retry', 'map', 'environment', 'secrets', 'fallback', 'optional', 'timeoutSeconds', 'durationSeconds',
  'description', 'name', 'tasks', 'layout', 'slo', 'constructor', '__proto__', 'toString', 'allowHandlersOutsideProject'];

/** Every object/array node of a parsed spec, with its parent and key. */
function nodes(root: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((c, i) => { out.push({ parent: v, key: i }); stack.push(c); });
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) { out.push({ parent: v as Record<string, unknown>, key: k }); stack.push((v as Record<string, unknown>)[k]); }
  }
  return out;
}

/** One structural mutation of a parsed spec (in place). */
function mutateTree(spec: Record<string, unknown>, r: () => number): void {
  const all = nodes(spec);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const tasks = Array.isArray(spec.tasks) ? spec.tasks as Record<string, unknown>[] : [];
  const task = tasks.length > 0 ? pick(tasks) : undefined;
  switch (Math.floor(r() * 8)) {
    case 0: if (all.length > 0) { const n = pick(all); (n.parent as Record<string | number, unknown>)[n.key] = nasty(r); } break;
    case 1: if (all.length > 0) { const n = pick(all); if (Array.isArray(n.parent)) n.parent.splice(Number(n.key), 1); else delete n.parent[n.key]; } break;
    case 2: if (task && typeof task === 'object') (task)[pick(KEYS)] = nasty(r); break;
    case 3: if (task && typeof task === 'object') (task).id = pick(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'a', (tasks[0] as { id?: unknown })?.id]); break;
    case 4: if (task && tasks.length > 0) tasks.push(JSON.parse(JSON.stringify(task)) as Record<string, unknown>); break;
    case 5: if (task && typeof task === 'object') (task).dependsOn = [pick(tasks as { id?: unknown }[])?.id ?? 'x', nasty(r)]; break;
    case 6: spec[pick(KEYS)] = nasty(r); break;
    default: if (task && typeof task === 'object') (task).fallback = pick(tasks as { id?: unknown }[])?.id; break;
  }
}

/**
 * One mutation that keeps the spec plausible, so the deeper stages (graph, compile, synth, the local
 * engine) see unusual but valid input: ids renamed to Object.prototype names (references too),
 * layouts, retries, maps, environments, secrets, fallbacks, durations.
 */
function mutateValid(spec: Record<string, unknown>, r: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const tasks = (Array.isArray(spec.tasks) ? spec.tasks : []).filter((t): t is Record<string, unknown> => !!t && typeof t === 'object' && !Array.isArray(t));
  if (tasks.length === 0) return;
  const t = pick(tasks);
  switch (Math.floor(r() * 9)) {
    case 0: {
      const from = t.id;
      const to = pick(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString', 'propertyIsEnumerable']);
      if (tasks.some((x) => x.id === to)) break;
      for (const x of tasks) {
        if (x.id === from) x.id = to;
        if (Array.isArray(x.dependsOn)) x.dependsOn = x.dependsOn.map((d) => (d === from ? to : d));
        if (x.fallback === from) x.fallback = to;
      }
      break;
    }
    case 1: spec.layout = pick(['naive', 'sp', 'exact', 'auto']); break;
    case 2: t.retry = pick(['default', 'transient', 'validation', 'resource', 'upstream', 'none', { policy: 'transient', maxAttempts: 1 + Math.floor(r() * 5) }]); break;
    case 3: t.map = { itemsPath: pick(['$.items', '$.orders', '$[0]']), maxConcurrency: Math.floor(r() * 20), ...(r() < 0.3 ? { mode: 'distributed' } : {}) }; break;
    case 4: t.environment = { ...(t.environment ?? {}), [pick(['STAGE', 'TABLE_NAME', 'LOG_LEVEL', 'toString', 'constructor'])]: pick(['prod', 'orders', 'x'.repeat(200), '']) }; break;
    case 5: t.secrets = { [pick(['DB_PASSWORD', 'API_KEY', 'constructor'])]: pick([{ secretsManager: 'prod/db', field: 'password' }, { ssm: '/prod/key' }, { ssm: 'arn:aws:ssm:eu-west-1:123456789012:parameter/p' }]) }; break;
    case 6: { const other = pick(tasks); if (other !== t && !tasks.some((x) => Array.isArray(x.dependsOn) &&
      x.dependsOn.includes(other.id))) { t.fallback = other.id; } break; }
    case 7: t.durationSeconds = pick([0.001, 1, 59.5, 3600, 86_400]); t.sideEffects = 'none'; break;
    default: t.optional = r() < 0.5; t.description = pick(['nightly', 'ü'.repeat(100), '$.x', 'a\nb']); break;
  }
}

/** One textual mutation of spec text: cut, duplicate, or splice in a hostile fragment. */
function mutateText(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const fragments = ['&a [*a]', '*a', ': &x', '{', '}', '[', ']', '"', "'", '\n  - id: constructor\n', '\t', ':', '- ', '\u0000', '!!js/function x', '<<: *t', '\n'.repeat(3), '[['.repeat(300)];
  switch (Math.floor(r() * 3)) {
    case 0: return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(r() * 20)));
    case 1: return text.slice(0, at) + fragments[Math.floor(r() * fragments.length)] + text.slice(at);
    default: { const end = Math.min(text.length, at + Math.floor(r() * 80)); return text.slice(0, end) + text.slice(at, end) + text.slice(end); }
  }
}

/** The seed corpus: example specs and fixtures, with handler paths made absolute. */
function seeds(): { name: string; spec: Record<string, unknown> }[] {
  const files = [
    path.join(ROOT, 'examples/etl/etl.yaml'), path.join(ROOT, 'examples/five-step/five-step.json'),
    ...fs.readdirSync(path.join(ROOT, 'test/fixtures/specs')).map((f) => path.join(ROOT, 'test/fixtures/specs', f)),
    ...fs.readdirSync(path.join(ROOT, 'test/fixtures/invalid')).filter((f) => /\.(json|ya?ml)$/.test(f)).map((f) => path.join(ROOT, 'test/fixtures/invalid', f)),
  ];
  const out: { name: string; spec: Record<string, unknown> }[] = [];
  for (const f of files) {
    let spec: unknown;
    try { spec = YAML.parse(fs.readFileSync(f, 'utf8'), { maxAliasCount: 10 }); } catch { continue; }
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) continue;
    for (const t of Array.isArray((spec as { tasks?: unknown }).tasks) ? (spec as { tasks: unknown[] }).tasks : []) {
      if (t && typeof t === 'object' && typeof (t as { handler?: unknown }).handler === 'string') {
        (t as { handler: string }).handler = path.resolve(path.dirname(f), (t as { handler: string }).handler);
      }
    }
    out.push({ name: path.relative(ROOT, f), spec: spec as Record<string, unknown> });
  }
  return out;
}

describe('fuzz: mutated specs through the CLI', () => {
  const SEED = Number(process.env.DAGSTEP_FUZZ_SEED ?? 20261127);
  const CASES = Number(process.env.DAGSTEP_FUZZ_CASES ?? 2000);
  /** Every how-many cases also runs the full compile (check/compile/run synthesize the stack; slow). */
  const FULL_EVERY = Number(process.env.DAGSTEP_FUZZ_FULL_EVERY ?? 25);
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(ROOT, 'test', '.fuzz-')); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  test(`${CASES} mutated specs (seed ${SEED}): each is accepted or a clean user error, none hangs`, async () => {
    // GIVEN the seed corpus and a seeded mutator
    const corpus = seeds();
    expect(corpus.length).toBeGreaterThan(20);
    const valid = corpus.filter((c) => !c.name.includes('invalid'));
    const r = seededRandom(SEED);
    const failures: string[] = [];
    const outcomes = { ok: 0, userError: 0 };
    for (let i = 0; i < CASES; i++) {
      const pool = r() < 0.7 ? valid : corpus;
      const base = pool[Math.floor(r() * pool.length)];
      const spec = JSON.parse(JSON.stringify(base.spec)) as Record<string, unknown>;
      const rounds = 1 + Math.floor(r() * 3);
      const destructive = r() < 0.4;
      for (let k = 0; k < rounds; k++) (destructive ? mutateTree : mutateValid)(spec, r);
      const asYaml = r() < 0.5;
      let text = asYaml ? YAML.stringify(spec, { aliasDuplicateObjects: false }) : JSON.stringify(spec, null, 1);
      if (destructive && r() < 0.3) text = mutateText(text, r);
      const file = path.join(dir, `case-${i}.${asYaml ? 'yaml' : 'json'}`);
      fs.writeFileSync(file, text);
      const command = i % FULL_EVERY === 0 ? ['check', 'compile', 'run'][(i / FULL_EVERY) % 3] : 'graph';
      // WHEN the CLI runs it
      let o: Outcome;
      try {
        o = await cli([command, file]);
      } catch (e) {
        failures.push(`case ${i} (from ${base.name}, ${command}): ${(e as Error).message}`);
        continue;
      }
      // THEN a clean outcome
      const problem = cleanProblem(o);
      if (problem) failures.push(`case ${i} (from ${base.name}, ${command}): ${problem}\n${text.slice(0, 300)}\n${o.err.slice(0, 600)}`);
      else if (o.code === 0) outcomes.ok++;
      else outcomes.userError++;
      fs.rmSync(file, { force: true });
    }
    if (process.env.DAGSTEP_FUZZ_STATS) process.stdout.write(`fuzz outcomes: ${JSON.stringify(outcomes)}\n`);
    expect(failures).toStrictEqual([]);
    // AND the mutator produced both kinds of outcome
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.userError).toBeGreaterThan(0);
  }, 300_000);
});

describe('fuzz: files named on the command line and values AWS rejects', () => {
  const ETL = path.join(ROOT, 'examples/etl/etl.yaml');
  let dir: string;
  beforeAll(() => {
    dir = tempDir('dagstep-fuzz-io-');
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    fs.writeFileSync(path.join(dir, 'huge.json'), Buffer.alloc(33 * 1024 * 1024, 0x20));
    fs.writeFileSync(path.join(dir, 'bad-bucket.yaml'), 'name: m\ntasks:\n  - id: fan\n    map: { itemsPath: $.items, mode: distributed, itemReader: { bucket: My_Bucket, key: k.json } }\n');
    fs.writeFileSync(path.join(dir, 'long-action.yaml'), `name: s\ntasks:\n  - id: call\n    sdk: { service: dynamodb, action: get${'x'.repeat(230)}, resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/t" }\n`);
    fs.writeFileSync(path.join(dir, 'wildcard.yaml'), 'name: w\ntasks:\n  - id: mk\n    sdk: { service: iam, action: createUser, resource: "*" }\n');
    fs.writeFileSync(path.join(dir, 'own-events.yaml'), 'name: o\ntriggers:\n  - eventPattern: { source: [aws.states] }\ntasks:\n  - id: a\n');
    fs.writeFileSync(path.join(dir, 'timezone.yaml'), 'name: t\nschedule: { cron: "0 2 * * ? *", timezone: Mars/Olympus }\ntasks:\n  - id: a\n');
    fs.writeFileSync(path.join(dir, 'fargate.yaml'), 'name: f\ntasks:\n  - id: c\n    container: { image: "app:1", cpu: 4096, memory: 512 }\n');
    // A spec and its handler outside any npm project (no lock file above them): dagstep bundles with its own project's.
    fs.writeFileSync(path.join(dir, 'handler.ts'), 'export const handler = async () => ({ ok: true });\n');
    fs.writeFileSync(path.join(dir, 'outside.yaml'), 'name: outside\nallowHandlersOutsideProject: true\ntasks:\n  - id: a\n    sideEffects: none\n    handler: handler.ts\n');
  });

  const cases: readonly (readonly [string, () => string[], RegExp])[] = [
    ['--input FIFO', () => ['run', ETL, '--input', path.join(dir, 'fifo')], /--input: expected a regular file, received a FIFO/],
    ['--input device', () => ['run', ETL, '--input', '/dev/zero'], /--input: expected a regular file, received a character device/],
    ['--mocks directory', () => ['run', ETL, '--mocks', dir], /--mocks: expected a regular file, received a directory/],
    ['--secrets FIFO', () => ['run', ETL, '--secrets', path.join(dir, 'fifo')], /--secrets: expected a regular file, received a FIFO/],
    ['--previous over the limit', () => ['check', ETL, '--previous', path.join(dir, 'huge.json')], /--previous: expected at most 33554432 bytes, received 34603008/],
    ['invalid itemReader.bucket', () => ['check', path.join(dir, 'bad-bucket.yaml')], /task "fan": map\.itemReader\.bucket: expected lower-case letters/],
    ['a 230-character sdk.action', () => ['compile', path.join(dir, 'long-action.yaml')], /task "call": sdk\.action: expected service and action of at most 222 characters/],
    ['iam:createUser on *', () => ['check', path.join(dir, 'wildcard.yaml')], /task "mk": sdk\.resource: expected the ARN\(s\) iam:createUser acts on/],
    ['a trigger on aws.states', () => ['compile', path.join(dir, 'own-events.yaml')], /triggers\[0\]\.eventPattern\.source: expected a source other than aws\.states/],
    ['a made-up timezone', () => ['check', path.join(dir, 'timezone.yaml')], /schedule\.timezone: expected an IANA time zone name/],
    ['an impossible Fargate pair', () => ['check', path.join(dir, 'fargate.yaml')], /task "c": container\.memory: expected a memory Fargate allows with cpu 4096/],
  ];

  test.each(cases)('%s: a one-screen user error, no hang, no stack', async (_name, args, message) => {
    // GIVEN the input / WHEN the CLI runs it
    const o = await cli(args());
    // THEN exit 1 with the message
    expect(cleanProblem(o)).toBeUndefined();
    expect(o.code).toBe(1);
    expect(o.err).toMatch(message);
    expect(o.err.split('\n').length).toBeLessThan(25);
  }, 60_000);

  test('a spec whose handlers live outside any npm project compiles (dagstep finds the bundling root itself)', async () => {
    // GIVEN / WHEN
    const o = await cli(['check', path.join(dir, 'outside.yaml')]);
    // THEN no internal error, no LockFileDoesntExist
    expect(cleanProblem(o)).toBeUndefined();
    expect(o.err).not.toMatch(/LockFile/);
    expect(o.out).toMatch(/^dagstep check /);
  }, 60_000);
});
