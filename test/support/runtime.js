// The module runtime (jest.config.js runtime): jest-runtime, sharing between a worker's test files what
// never changes in node_modules: V8's code cache of each module and the source it read.
//
// Jest compiles every module again for every test file (vm.compileFunction in its ModuleExecutor,
// node_modules/jest-runtime/build/index.js), so a worker parses and compiles aws-cdk-lib's large
// one-line files once per file that builds a stack: the largest single cost in a CPU profile of
// the suite. A module under node_modules is the same source in every file, so its compiled code is
// kept for the worker's later files as V8's code cache. Each file still gets its own module
// instances: only compiled code is shared.
//
// The cache is taken after the module has run in its first file, not when it is compiled: V8
// compiles a function's body lazily, when it is first called, and a cache made at compile time
// holds only the top level. Node's vm documentation (script.createCachedData): "the code cache of
// the Script ... cacheWithAdd [taken after running] the function add() is marked for full
// compilation upon invocation". That is why the module is compiled as a vm.Script (the function
// expression jest's compileFunction would make, written out) rather than with compileFunction,
// which can only give the compile-time cache. One function shows the difference:
// aws-cdk-lib's region facts (region-info's BuiltIns.register, one 1.3 MB function) were compiled
// again in every file that made a stack, about 110 ms each.
//
// V8 checks a cache against the source and ignores it when it does not match
// (`cachedDataRejected`), so a mismatch costs only a normal compile. Our own sources (transformed
// by @swc/jest) and the files under test compile as jest compiles them.
const path = require('path');
const vm = require('vm');
const Runtime = require('jest-runtime').default;

const codeCache = new Map();
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The function expression compileFunction makes from a module: its parameters, then the source. */
const wrapperOf = (parameters) => `(function (${parameters.join(', ')}) {`;

function compileWithCodeCache(executor, source, filename) {
  const context = executor.environment.getVmContext();
  if (context == null) return null;
  const entry = codeCache.get(filename);
  const usable = entry !== undefined && entry.source === source;
  if (usable && entry.data === undefined) {
    // The module ran in an earlier file: its cache now holds every function that file called.
    entry.data = entry.script.createCachedData();
    entry.script = undefined;
  }
  const prefix = wrapperOf(executor.injectedModuleParameters);
  const script = new vm.Script(`${prefix}${source}\n})`, {
    filename,
    // Positions in the first line are the module's own, as with compileFunction.
    columnOffset: -prefix.length,
    ...(usable ? { cachedData: entry.data } : {}),
    importModuleDynamically: (specifier, _script, attributes, ...rest) => executor.dynamicImport(specifier, filename, context, attributes, rest[0]),
  });
  if (!usable) codeCache.set(filename, { source, script, data: undefined });
  else if (script.cachedDataRejected) codeCache.delete(filename);
  const fn = script.runInContext(context);
  fn.cachedDataRejected = usable ? script.cachedDataRejected : undefined;
  return fn;
}

// The repository's own dependencies: they do not change while the suite runs.
const OUR_NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules') + path.sep;
const sources = new Map();

/**
 * Jest also reads every module's file again for every test file (its FileCache is per file): read,
 * open and Buffer#toString were 4.5 s of a CPU profile of test/constructs, test/compile,
 * test/testing and test/examples. Our dependencies' sources are read once per worker; everything
 * else (our sources, files tests write) is read as jest reads it.
 */
function shareDependencySources(fileCache) {
  const readFile = fileCache.readFile.bind(fileCache);
  fileCache.readFile = (filename) => {
    if (!filename.startsWith(OUR_NODE_MODULES)) return readFile(filename);
    let source = sources.get(filename);
    if (source === undefined) {
      source = readFile(filename);
      sources.set(filename, source);
    }
    return source;
  };
}

class CodeCachingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    shareDependencySources(this.fileCache);
    const executor = this.executor;
    const compile = executor.compile.bind(executor);
    // A file starting with a hashbang is compiled by jest (compileFunction allows one; a function body does not).
    executor.compile = (source, filename) => (filename.includes(NODE_MODULES) && !source.startsWith('#!')
      ? compileWithCodeCache(executor, source, filename)
      : compile(source, filename));
  }
}

module.exports = CodeCachingRuntime;
module.exports.compileWithCodeCache = compileWithCodeCache;
module.exports.shareDependencySources = shareDependencySources;
/** The code cache kept for a module (for the runtime's own test), undefined until a second file compiles it. */
module.exports.cachedDataOf = (filename) => codeCache.get(filename)?.data;
