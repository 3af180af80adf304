// The module runtime (jest.config.js runtime): jest-runtime, with V8's code cache for node_modules.
//
// Jest compiles every module again for every test file (vm.compileFunction in its ModuleExecutor,
// node_modules/jest-runtime/build/index.js), so a worker parses aws-cdk-lib's large one-line
// files once per file that builds a stack: the largest single cost in a CPU profile of the suite
// (internalCompileFunction, about 10 % of it). A module under node_modules is the same source in
// every file, so the first compile in a worker keeps V8's code cache for it (`produceCachedData`)
// and later compiles start from it (`cachedData`; Node's vm documentation: "provides V8's code
// cache data for the supplied source"). V8 checks the cache against the source and ignores it when
// it does not match (`cachedDataRejected`), so a mismatch costs only a normal compile. Each file
// still gets its own module instances: only the compiled code is shared.
// Our own sources (transformed by @swc/jest, and the files under test) compile as before.
const path = require('path');
const vm = require('vm');
const Runtime = require('jest-runtime').default;

const codeCache = new Map();
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

function compileWithCodeCache(executor, source, filename) {
  const context = executor.environment.getVmContext();
  if (context == null) return null;
  const cached = codeCache.get(filename);
  const usable = cached !== undefined && cached.source === source;
  const fn = vm.compileFunction(source, executor.injectedModuleParameters, {
    filename,
    parsingContext: context,
    ...(usable ? { cachedData: cached.data } : { produceCachedData: true }),
    importModuleDynamically: (specifier, _fn, attributes, ...rest) => executor.dynamicImport(specifier, filename, context, attributes, rest[0]),
  });
  if (!usable && fn.cachedData) codeCache.set(filename, { source, data: fn.cachedData });
  if (usable && fn.cachedDataRejected) codeCache.delete(filename);
  return fn;
}

class CodeCachingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    const compile = executor.compile.bind(executor);
    executor.compile = (source, filename) => (filename.includes(NODE_MODULES)
      ? compileWithCodeCache(executor, source, filename)
      : compile(source, filename));
  }
}

module.exports = CodeCachingRuntime;
module.exports.compileWithCodeCache = compileWithCodeCache;
