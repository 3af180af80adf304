/** @type {import('jest').Config} */
module.exports = {
  // Jest's node environment, with each file's AsyncLocalStorages disabled when it ends (see the file).
  testEnvironment: '<rootDir>/test/support/environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // The package's own entries, so tests (and the README example) import them as a user would.
  moduleNameMapper: {
    '^dagstep$': '<rootDir>/lib/index.ts',
    '^dagstep/lambda$': '<rootDir>/lambdas/index.ts',
    '^dagstep/testing$': '<rootDir>/lib/testing/index.ts',
    '^dagstep/local$': '<rootDir>/lib/local/engine.ts',
  },
  setupFiles: ['<rootDir>/test/support/setup-env.js'],
  setupFilesAfterEnv: ['<rootDir>/test/support/setup-outdir.js'],
  testTimeout: 60000,
  // Jest's default is one worker per core but one (cores - 1); on this 2-core machine that ran the
  // suite serially. Two workers halve the wall time; the slowest suites start first.
  maxWorkers: 2,
  // A worker leaves nothing open after its last file (checked: only its IPC and stdio pipes), yet
  // it takes 0.7-0.8 s to exit here (a process with a large heap, freed at exit). Jest's default
  // grace of 0.5 s then force-kills it and prints "A worker process has failed to exit gracefully"
  // on every run, a false alarm; it is given 5 s.
  workerGracefulExitTimeout: 5000,
  testSequencer: '<rootDir>/test/support/sequencer.js',
  // jest-runtime, with V8's code cache shared between a worker's files for node_modules (see the file).
  runtime: '<rootDir>/test/support/runtime.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
