import { AsyncLocalStorage } from 'async_hooks';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the environment is a CommonJS file jest loads by path
const DagstepTestEnvironment = require('./environment') as new (config: object, context: object) => { teardown(): Promise<void> };

/** An environment as jest-runner makes one for a test file (the fields jest-environment-node reads). */
function environment(): { teardown(): Promise<void> } {
  const projectConfig = { testEnvironmentOptions: {}, globals: {}, fakeTimers: {}, moduleFileExtensions: ['js'], setupFiles: [], testPath: __filename };
  return new DagstepTestEnvironment({ projectConfig, globalConfig: {} }, { console, docblockPragmas: {}, testPath: __filename });
}

describe('the test environment', () => {
  test('disables every AsyncLocalStorage entered during a file when the file ends, so the next file does not pay for it', async () => {
    // GIVEN a file's environment, and storages the file entered with run and with enterWith
    const env = environment();
    const ran = new AsyncLocalStorage<string>();
    const entered = new AsyncLocalStorage<string>();
    entered.enterWith('entered');
    const seenInRun = ran.run('ran', () => ran.getStore());
    expect([seenInRun, entered.getStore()]).toStrictEqual(['ran', 'entered']);
    // WHEN the file ends
    await env.teardown();
    // THEN both are disabled: the store this context entered is gone
    expect(entered.getStore()).toBeUndefined();
    expect(ran.run('again', () => ran.getStore())).toBe('again');
  });
});
