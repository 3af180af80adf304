import * as path from 'path';
import * as vm from 'vm';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the runtime is a CommonJS file jest loads by path
const { compileWithCodeCache, cachedDataOf, shareDependencySources } = require('./runtime') as {
  shareDependencySources(fileCache: { readFile(filename: string): string }): void;
  compileWithCodeCache(executor: object, source: string, filename: string): ((module: { exports: unknown }) => void) & { cachedDataRejected?: boolean };
  cachedDataOf(filename: string): Buffer | undefined;
};

/** The parts of jest-runtime's ModuleExecutor the compile reads, with a fresh context per test file. */
function executorForAFile(): object {
  const context = vm.createContext({});
  return { environment: { getVmContext: () => context }, injectedModuleParameters: ['module'], dynamicImport: () => Promise.reject(new Error('no dynamic import here')) };
}

function exportsOf(fn: (module: { exports: unknown }) => void): unknown {
  const module = { exports: undefined as unknown };
  fn(module);
  return module.exports;
}

describe('the code-caching runtime', () => {
  const file = `/project/node_modules/m-${process.pid}-${Date.now()}/index.js`;

  test('a module compiled again in another file starts from the code cache, and runs as before', () => {
    // GIVEN a module under node_modules compiled for one file
    const first = compileWithCodeCache(executorForAFile(), 'module.exports = [1, 2, 3].map((n) => n * 2);', file);
    // WHEN the same source is compiled for the next file
    const second = compileWithCodeCache(executorForAFile(), 'module.exports = [1, 2, 3].map((n) => n * 2);', file);
    // THEN the first compile made the cache, the second one used it (V8 accepted it), and both run
    expect(first.cachedDataRejected).toBeUndefined();
    expect(second.cachedDataRejected).toBe(false);
    expect([exportsOf(first), exportsOf(second)]).toStrictEqual([[2, 4, 6], [2, 4, 6]]);
  });

  test('a changed source is compiled afresh, never from the cache of the old one', () => {
    // GIVEN the module cached as above
    compileWithCodeCache(executorForAFile(), 'module.exports = "old";', `${file}.2`);
    // WHEN its source changes
    const changed = compileWithCodeCache(executorForAFile(), 'module.exports = "new";', `${file}.2`);
    // THEN no cache was offered, and the new source runs
    expect(changed.cachedDataRejected).toBeUndefined();
    expect(exportsOf(changed)).toBe('new');
  });

  test('the cache is taken after the module ran, so it holds the functions the first file called, not only the top level', () => {
    // GIVEN a module whose work is in a function V8 compiles only when it is first called
    const source = `function build() { const facts = []; ${'facts.push({ region: "r", name: "n", value: facts.length }); '.repeat(200)}return facts.length; }\nmodule.exports = build();`;
    const atCompile = new vm.Script(`(function (module) {${source}\n})`).createCachedData().length;
    const first = compileWithCodeCache(executorForAFile(), source, `${file}.3`);
    expect(exportsOf(first)).toBe(200);
    // WHEN a second file compiles it
    const second = compileWithCodeCache(executorForAFile(), source, `${file}.3`);
    // THEN it starts from a cache with build()'s compiled body in it, larger than the compile-time one
    expect(second.cachedDataRejected).toBe(false);
    expect(cachedDataOf(`${file}.3`)!.length).toBeGreaterThan(atCompile * 2);
    expect(exportsOf(second)).toBe(200);
  });

  test('an error in the module reports the module\'s own line and column, as jest\'s compileFunction does', () => {
    // GIVEN a one-line module (as aws-cdk-lib's files are) that throws from column 21
    const fn = compileWithCodeCache(executorForAFile(), 'const x = 1; throw  new Error("from column 21");', `${file}.4`);
    // WHEN it runs / THEN the stack names line 1, column 21 (the `new`)
    expect(() => exportsOf(fn)).toThrow(expect.objectContaining({ stack: expect.stringContaining(`${file}.4:1:21`) }));
  });

  test('a source under our node_modules is read once per worker; any other file as often as jest reads it', () => {
    // GIVEN two test files' file caches, counting their reads
    const reads: string[] = [];
    const fileCacheOfAFile = () => ({ readFile: (filename: string) => { reads.push(filename); return `source of ${filename}`; } });
    const caches = [fileCacheOfAFile(), fileCacheOfAFile()];
    caches.forEach(shareDependencySources);
    const dependency = path.resolve(__dirname, '..', '..', 'node_modules', 'constructs', 'lib', 'index.js');
    const ours = path.resolve(__dirname, '..', '..', 'lib', 'index.ts');
    // WHEN each file reads both
    const seen = caches.flatMap((c) => [c.readFile(dependency), c.readFile(ours)]);
    // THEN both files got both sources, and only ours was read twice
    expect(seen).toStrictEqual([`source of ${dependency}`, `source of ${ours}`, `source of ${dependency}`, `source of ${ours}`]);
    expect(reads).toStrictEqual([dependency, ours, ours]);
  });
});
