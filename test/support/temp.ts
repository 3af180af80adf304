import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made: string[] = [];

/**
 * A new folder in the temp folder (`fs.mkdtempSync(prefix)`), removed with everything in it after
 * the test file's tests: a run of the suite leaves nothing behind. Import it at the top of a test file.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
