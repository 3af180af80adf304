import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { distIsFresh } from '../support/built-package';
import { typeScriptSnippets } from './readme-snippets';

/**
 * The package as a user gets it: `npm pack`, then installed from the tarball into a fresh CDK app
 * outside the repository, offline (every dependency comes from the npm cache; the app's lockfile is
 * derived from ours so npm needs no registry metadata). In that app: CommonJS and ESM imports, the
 * types under `module: nodenext`, a synth from a spec through the root entry, NodejsFunction
 * bundling of the package's handler, the `dagstep` bin, and a jest test importing `dagstep/testing`.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const ours = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const dev = (name: string): string => ours.devDependencies[name];
/** The consumer app's commands run offline, and without the CDK context our own test setup adds (test/support/setup-env.js): the app's context is its own. */
const OFFLINE = { ...process.env, CDK_CONTEXT_JSON: undefined, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let dir: string;
let app: string;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = OFFLINE, cwd = app): string {
  try {
    return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`, { cause: e });
  }
}

const FILES: Record<string, string> = {
  'workflows/orders.yaml': [
    'name: orders',
    'tasks:',
    '  - id: fetch',
    '    handler: ../handlers/fetch.ts',
    '    retry: transient',
    '  - id: store',
    '    dependsOn: [fetch]',
    '    retry: upstream',
    '',
  ].join('\n'),
  'handlers/fetch.ts': [
    "import { instrument, TransientError } from 'dagstep/lambda';",
    '',
    "export const handler = instrument('fetch', async (event) => {",
    "  if (event.input === 'boom') throw new TransientError('upstream blip');",
    '  return { orders: 3 };',
    '});',
    '',
  ].join('\n'),
  'workflows/dsl.ts': [
    "import { WorkflowBuilder } from 'dagstep';",
    '',
    "const wf = new WorkflowBuilder('dsl');",
    "wf.task('b').after(wf.task('a'));",
    'export default wf;',
    '',
  ].join('\n'),
  'app.ts': [
    "import { App, Stack } from 'aws-cdk-lib';",
    "import { addSecurityChecks, loadSpecFile, Workflow } from 'dagstep';",
    '',
    'const app = new App();',
    'addSecurityChecks(app);',
    "new Workflow(new Stack(app, 'Orders'), 'Orders', { model: loadSpecFile(`${__dirname}/workflows/orders.yaml`) });",
    'app.synth();',
    '',
  ].join('\n'),
  'test/orders.test.ts': [
    "import { Stack } from 'aws-cdk-lib';",
    "import { Template } from 'aws-cdk-lib/assertions';",
    "import { loadSpecFile, Workflow } from 'dagstep';",
    "import { definitionOf, retrierFor, runLocally, testApp } from 'dagstep/testing';",
    '',
    "test('the workflow synthesizes with bundling skipped; fetch retries a transient error and the run succeeds', async () => {",
    "  const stack = new Stack(testApp(), 'S');",
    "  new Workflow(stack, 'Orders', { model: loadSpecFile('workflows/orders.yaml') });",
    '  const template = Template.fromStack(stack);',
    "  template.resourceCountIs('AWS::Lambda::Function', 4);",
    '  const asl = definitionOf(template);',
    "  expect(retrierFor(asl, 'fetch', 'TransientError').MaxAttempts).toBeGreaterThan(1);",
    "  const run = await runLocally('workflows/orders.yaml', { faults: ['fetch=transient:1'] });",
    "  expect(run.status).toBe('SUCCEEDED');",
    "  expect(run.tasks.fetch).toStrictEqual({ status: 'SUCCEEDED', attempts: 2 });",
    '});',
    '',
  ].join('\n'),
  'esm.mjs': [
    "import { WorkflowBuilder, Workflow } from 'dagstep';",
    "import { runExecution } from 'dagstep/local';",
    "import { instrument, ValidationError } from 'dagstep/lambda';",
    "import { definitionOf, runLocally } from 'dagstep/testing';",
    'console.log([WorkflowBuilder, Workflow, runExecution, instrument, ValidationError, definitionOf, runLocally].map((f) => typeof f).join(" "));',
    '',
  ].join('\n'),
  'test/types.mts': [
    "import { WorkflowBuilder, type WorkflowModel } from 'dagstep';",
    "import type { ExecutionResult } from 'dagstep/local';",
    "import { instrument } from 'dagstep/lambda';",
    "import { runLocally, type LocalRun } from 'dagstep/testing';",
    "const m: WorkflowModel = new WorkflowBuilder('x').toModel();",
    'const r: Promise<LocalRun> = runLocally(m);',
    'const s: ExecutionResult["status"] = "SUCCEEDED";',
    'export { r, s, instrument };',
    '',
  ].join('\n'),
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node', 'jest'] }, include: ['app.ts', 'test/**/*.ts', 'test/**/*.mts', 'handlers/**/*.ts', 'workflows/**/*.ts', 'readme/**/*.ts'] }),
  // Every TypeScript snippet of the README, read from it now (tsc names a failure README line N by
  // its file name); `export {}` makes each its own module, as it is in a user's project.
  ...Object.fromEntries(typeScriptSnippets().map((snippet) => [`readme/line-${snippet.line}.ts`, `${snippet.code}export {};\n`])),
  'jest.config.js': "module.exports = { testEnvironment: 'node', testTimeout: 120000, transform: { '^.+\\\\.tsx?$': '@swc/jest' } };\n",
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-install-'));
  app = path.join(dir, 'app');
  // GIVEN the packed package. `npm pack` runs `prepare`, which builds dist/; when dist/ is already
  // what the build would write (`npm ci` built it), the 20-second build is skipped, not the check.
  const pack = ['pack', '--silent', '--pack-destination', dir, ...(distIsFresh() ? ['--ignore-scripts'] : [])];
  const tarball = run('npm', pack, process.env, ROOT).trim().split('\n').pop()!;
  // ... and a fresh CDK app depending on it
  const pkg = {
    name: 'consumer', version: '1.0.0', private: true,
    dependencies: { 'dagstep': `file:../${tarball}`, 'aws-cdk-lib': dev('aws-cdk-lib'), 'constructs': dev('constructs') },
    devDependencies: Object.fromEntries(['jest', '@swc/core', '@swc/jest', 'typescript', '@types/jest', '@types/node'].map((n) => [n, dev(n)])),
  };
  for (const [file, text] of Object.entries({ ...FILES, 'package.json': JSON.stringify(pkg, null, 2) })) {
    fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    fs.writeFileSync(path.join(app, file), text);
  }
  // Our lockfile pins every dependency, so npm installs from the cache without registry metadata.
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  lock.name = pkg.name;
  lock.packages[''] = { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies };
  lock.packages['node_modules/dagstep'] = {
    version: ours.version, resolved: `file:../${tarball}`, license: ours.license, dependencies: ours.dependencies,
    peerDependencies: ours.peerDependencies, bin: ours.bin, engines: ours.engines,
  };
  fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify(lock, null, 2));
  prefetchDependencies();
  // WHEN it is installed offline
  run('npm', ['install', '--offline', '--no-audit', '--no-fund']);
}, 300_000);

/**
 * Unpacking the app's ~350 MB of dependencies from npm's cache took 20 s of the suite's time, yet
 * the same versions already sit in our node_modules: `npm ci` put them there from the lockfile the
 * app's lockfile is derived from. They are hard-linked into the app first; npm still decides
 * everything. It trusts a package only where its hidden lockfile (`node_modules/.package-lock.json`)
 * records the integrity the app's lockfile asks for, adds dagstep from the tarball, and removes every
 * package the app does not depend on (the test below checks the tree with `npm ls`). The hidden
 * lockfile is copied, not linked, because npm rewrites it in place; nothing else here writes into
 * node_modules. Where hard links are not possible (another file system, a `cp` without `-l`) npm
 * unpacks everything as before.
 */
function prefetchDependencies(): void {
  const target = path.join(app, 'node_modules');
  try {
    execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), target], { stdio: 'ignore' });
    const hidden = path.join(target, '.package-lock.json');
    fs.rmSync(hidden);
    fs.copyFileSync(path.join(ROOT, 'node_modules', '.package-lock.json'), hidden);
  } catch {
    fs.rmSync(target, { recursive: true, force: true });
  }
}

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the installed package', () => {
  test('ships built JavaScript, declarations and the schema, no TypeScript sources or tests', () => {
    // GIVEN
    const installed = path.join(app, 'node_modules', 'dagstep');
    // WHEN
    const files = (fs.readdirSync(installed, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/'));
    // THEN
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toStrictEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lambdas/index.js', 'dist/lib/testing/index.js', 'dist/lib/local/engine.js', 'dist/bin/dagstep.js', 'dist/schema/workflow.schema.json', 'schema/workflow.schema.json']));
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('bench/'))).toBe(false);
  });

  test('installs a complete tree with nothing extraneous: none of our own development tools', () => {
    // GIVEN / WHEN (npm ls exits non-zero on a missing, invalid or extraneous package)
    const tree = JSON.parse(run('npm', ['ls', '--all', '--json']));
    // THEN
    expect(Object.keys(tree.dependencies).sort()).toStrictEqual(['@swc/core', '@swc/jest', '@types/jest', '@types/node', 'aws-cdk-lib', 'constructs', 'dagstep', 'jest', 'typescript']);
    expect(['eslint', 'dynalite', 'puppeteer-core', 'fast-check'].filter((p) => fs.existsSync(path.join(app, 'node_modules', p)))).toStrictEqual([]);
  });

  test('every entry loads from CommonJS and ESM', () => {
    // GIVEN / WHEN
    const cjs = run('node', ['-e', "const r = ['dagstep', 'dagstep/lambda', 'dagstep/testing', 'dagstep/local'].map((m) => Object.keys(require(m)).length > 0); console.log(r.join(' '))"]);
    const esm = run('node', ['esm.mjs']);
    // THEN
    expect(cjs.trim()).toBe('true true true true');
    expect(esm.trim()).toBe('function function function function function function function');
  });

  test('type-checks under module nodenext (CommonJS .ts and ESM .mts files, and every README TypeScript snippet)', () => {
    // GIVEN the README's snippets among the app's files
    expect(fs.readdirSync(path.join(app, 'readme')).length).toBe(typeScriptSnippets().length);
    // GIVEN / WHEN / THEN (tsc prints nothing and exits 0)
    expect(run(path.join('node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'])).toBe('');
  });

  test('synthesizes a workflow from a spec through the root entry, and NodejsFunction bundles the app\'s handler and the package\'s handlers', () => {
    // GIVEN (bundling skipped is what the app's jest test below does, through testApp())
    const out = path.join(dir, 'cdk.out');
    // WHEN
    run('node', [path.join('node_modules', '.bin', 'tsx'), 'app.ts'], { ...OFFLINE, CDK_OUTDIR: out });
    // THEN the template has the workflow: one state machine, two task functions, the dead-letter guard and its sweep
    const template = JSON.parse(fs.readFileSync(path.join(out, 'Orders.template.json'), 'utf8'));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
    expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(4);
    // AND each function's asset is a bundle with its handler (the app's, the pass-through and the
    // dead-letter guard and its sweep, bundled from the package's built .js)
    const assets = fs.readdirSync(out).filter((d) => d.startsWith('asset.') && fs.existsSync(path.join(out, d, 'index.js')));
    expect(assets).toHaveLength(4);
    const bundles = assets.map((d) => fs.readFileSync(path.join(out, d, 'index.js'), 'utf8'));
    expect(bundles.some((b) => b.includes('upstream blip'))).toBe(true);
    expect(bundles.some((b) => b.includes('GetExecutionHistory'))).toBe(true);
    expect(bundles.some((b) => b.includes('ListExecutions') && b.includes('GuardSweepRecovered'))).toBe(true);
    expect(bundles.every((b) => !b.includes('aws-cdk-lib'))).toBe(true);
  });

  test('the dagstep bin compiles a spec, and a .ts DSL module through tsx', () => {
    // GIVEN
    const bin = path.join('node_modules', '.bin', 'dagstep');
    // WHEN
    const help = run(bin, ['--help']);
    const spec = JSON.parse(run(bin, ['compile', 'workflows/orders.yaml']));
    const dsl = JSON.parse(run(bin, ['compile', 'workflows/dsl.ts']));
    // THEN
    expect(help).toContain('Usage: dagstep');
    expect(spec.StartAt).toBe('dagstep.init');
    expect(JSON.stringify(dsl)).toContain('"workflow":"dsl"');
  });

  test('--help loads neither aws-cdk-lib nor tsx; compiling a spec loads no tsx', () => {
    // GIVEN a preload that prints which packages the process loaded
    fs.writeFileSync(path.join(app, 'loaded.js'), "process.on('exit', () => { const p = new Set(Object.keys(require.cache).map((f) => (/node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(f) ?? [])[1]).filter(Boolean)); process.stderr.write(`LOADED=${[...p].sort().join(',')}\\n`); });\n");
    const loaded = (args: string[]) => {
      const r = spawnSync('node', ['-r', './loaded.js', path.join('node_modules', 'dagstep', 'dist', 'bin', 'dagstep.js'), ...args], { cwd: app, encoding: 'utf8' });
      return ((/LOADED=(.*)/.exec(r.stderr) ?? [])[1]?.split(',') ?? []).filter((p) => p !== 'dagstep');
    };
    // WHEN
    const help = loaded(['--help']);
    const compile = loaded(['compile', 'workflows/orders.yaml']);
    // THEN
    expect(help).toStrictEqual(['commander']);
    expect(compile).toContain('aws-cdk-lib');
    expect(compile.filter((p) => ['tsx', 'cdk-nag', '@aws-sdk/client-sfn', 'jsonata'].includes(p))).toStrictEqual([]);
  });

  test('a jest test in the app imports dagstep/testing and passes', () => {
    // GIVEN
    const report = path.join(dir, 'jest-report.json');
    // WHEN
    run(path.join('node_modules', '.bin', 'jest'), ['--ci', '--json', `--outputFile=${report}`]);
    // THEN
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect({ passed: r.numPassedTests, failed: r.numFailedTests }).toStrictEqual({ passed: 1, failed: 0 });
  });
});
