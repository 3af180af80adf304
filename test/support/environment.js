// The test environment (jest.config.js testEnvironment): Jest's node environment, plus one repair.
//
// jest-circus makes a new AsyncLocalStorage for each test file (its test execution context,
// node_modules/jest-circus/build/jestAdapterInit.js, loaded once per file) and runs every test in
// it, which enables it; nothing disables it after the file. On Node 20 every enabled storage is
// visited whenever an async resource (a promise, a timer) is created, so a worker that has run n
// files pays n visits for every await: measured here, 200,000 awaits took 140 ms in a worker's
// first file and 860 ms in its 40th. Each storage a file entered is disabled when the file ends
// (AsyncLocalStorage#disable: "all subsequent calls to getStore() will return undefined until
// run() or enterWith() is called again"; https://nodejs.org/api/async_context.html), so every file
// starts as the first did. test/support/environment.test.ts checks it.
const { AsyncLocalStorage } = require('async_hooks');
const { TestEnvironment } = require('jest-environment-node');

const PATCHED = Symbol.for('dagstep.test.entered-storages');

/** The storages entered (run / enterWith) since the last file ended, recorded once per process. */
function enteredStorages() {
  if (!AsyncLocalStorage[PATCHED]) {
    const entered = new Set();
    for (const method of ['run', 'enterWith']) {
      const original = AsyncLocalStorage.prototype[method];
      AsyncLocalStorage.prototype[method] = function recordEntered(...args) {
        entered.add(this);
        return original.apply(this, args);
      };
    }
    AsyncLocalStorage[PATCHED] = entered;
  }
  return AsyncLocalStorage[PATCHED];
}

class DagstepTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.entered = enteredStorages();
  }

  async teardown() {
    await super.teardown();
    for (const storage of this.entered) storage.disable();
    this.entered.clear();
  }
}

module.exports = DagstepTestEnvironment;
