import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as nodeModule from 'module';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { tempDir } from '../../support/temp';

/**
 * The CLI's compile cache for Node < 22.1 (lib/cli/private/compile-cache.ts), run in child
 * processes as the built CLI runs it.
 */
describe('enableCompileCache', () => {
  let dir: string;
  let run: (env?: NodeJS.ProcessEnv) => { out: string; err: string; status: number | null };
  const dep = () => path.join(dir, 'app', 'node_modules', 'dep', 'index.js');
  const cacheFiles = () => (fs.existsSync(path.join(dir, 'cache')) ? fs.readdirSync(path.join(dir, 'cache'), { recursive: true }) as string[] : [])
    .filter((f) => f.endsWith('.bin'));

  beforeEach(() => {
    dir = tempDir('dagstep-compile-cache-');
    // GIVEN a dependency (under node_modules) and a user file that both export a value
    fs.mkdirSync(path.dirname(dep()), { recursive: true });
    fs.writeFileSync(dep(), "module.exports = { value: 'AAAA', resolved: require.resolve('./index.js') === __filename, lazy: () => 'lazy' };\n");
    fs.writeFileSync(path.join(dir, 'app', 'user.js'), "module.exports = 'user';\n");
    // AND a main script that enables the cache and prints what it loaded
    esbuild.buildSync({ entryPoints: [path.resolve(__dirname, '../../../lib/cli/private/compile-cache.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(dir, 'cache.js'), logLevel: 'silent' });
    fs.writeFileSync(path.join(dir, 'app', 'main.js'), [
      "require('../cache.js').enableCompileCache(__dirname + '/own');",
      "const dep = require('dep');",
      "console.log(JSON.stringify({ value: dep.value, resolved: dep.resolved, lazy: dep.lazy(), user: require('./user.js') }));",
    ].join('\n'));
    run = (env = {}) => {
      const r = spawnSync(process.execPath, [path.join(dir, 'app', 'main.js')], {
        encoding: 'utf8', env: { ...process.env, NODE_COMPILE_CACHE: path.join(dir, 'cache'), NODE_DISABLE_COMPILE_CACHE: '', ...env },
      });
      return { out: r.stdout.trim(), err: r.stderr, status: r.status };
    };
  });

  const nodeHasOwnCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const onOldNode = nodeHasOwnCache ? test.skip : test;

  onOldNode('GIVEN no cache WHEN run twice THEN the dependency is cached once (not the user file) and both runs load the same code', () => {
    // WHEN
    const first = run();
    const files = cacheFiles();
    const second = run();
    // THEN
    expect(first).toStrictEqual({ out: '{"value":"AAAA","resolved":true,"lazy":"lazy","user":"user"}', err: '', status: 0 });
    expect(second).toStrictEqual(first);
    expect(files.length).toBe(1);
    expect(cacheFiles()).toStrictEqual(files);
  });

  onOldNode('GIVEN a cached dependency WHEN it changes on disk (same length) THEN the new code runs, not the cached one', () => {
    // GIVEN
    run();
    // WHEN the source changes without changing its length (V8 itself checks only the length)
    fs.writeFileSync(dep(), fs.readFileSync(dep(), 'utf8').replace("'AAAA'", "'BBBB'"));
    // THEN
    expect(JSON.parse(run().out).value).toBe('BBBB');
  });

  onOldNode.each([
    ['garbage instead of the file', (_: Buffer) => Buffer.from('garbage that is longer than the digest')],
    ['the right digest, then garbage V8 rejects', (b: Buffer) => Buffer.concat([b.subarray(0, 20), Buffer.from('garbage')])],
  ])('GIVEN a corrupt cache file (%s) WHEN run THEN it runs correctly and rewrites the file', (_what, corrupt) => {
    // GIVEN
    run();
    const [name] = cacheFiles();
    const file = path.join(dir, 'cache', name);
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, corrupt(good));
    // WHEN / THEN
    expect(run()).toStrictEqual({ out: '{"value":"AAAA","resolved":true,"lazy":"lazy","user":"user"}', err: '', status: 0 });
    expect(fs.readFileSync(file).includes('garbage')).toBe(false);
  });

  test('GIVEN NODE_DISABLE_COMPILE_CACHE WHEN run THEN nothing is cached', () => {
    expect(run({ NODE_DISABLE_COMPILE_CACHE: '1' }).status).toBe(0);
    expect(cacheFiles()).toStrictEqual([]);
  });

  onOldNode('GIVEN a dependency with a syntax error WHEN loaded THEN Node reports it as without the cache', () => {
    fs.writeFileSync(dep(), 'module.exports = {;\n');
    const r = run();
    expect(r.status).toBe(1);
    expect(r.err).toContain('SyntaxError');
    expect(r.err).toContain(dep());
  });
});
