import * as fs from 'fs';
import { isUserError, SpecError } from '../model/errors';

/** Where a command writes. Tests pass a capturing implementation; the CLI passes the process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (progress bars, colours). */
  readonly isTTY: boolean;
}

/** The process's own streams. */
export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};

/** An IO that records everything, for tests. */
export function captureIO(isTTY = false): CliIO & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (t) => { out.push(t); },
    stderr: (t) => { err.push(t); },
    isTTY,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** Exit codes: 0 success, 1 user error (bad spec, failed check, failed run), 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_USAGE = 2;

/**
 * Runs a command body: user errors print their one-screen message (no stack trace) and give exit
 * code 1; anything else is a bug: it prints the stack and says so.
 */
export async function runCommand(io: CliIO, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (isUserError(e)) {
      io.stderr(`${e.message}\n`);
      return EXIT_USER_ERROR;
    }
    const refused = cdkValidationMessage(e);
    if (refused) {
      io.stderr(`${refused}\n`);
      return EXIT_USER_ERROR;
    }
    const err = e as Error;
    io.stderr(`dagstep: internal error (this is a bug, please report it):\n${err?.stack ?? String(e)}\n`);
    return EXIT_USER_ERROR;
  }
}

/** The mark aws-cdk-lib puts on its ValidationError (what `Errors.isValidationError` tests), read without loading CDK. */
const CDK_VALIDATION = Symbol.for('@aws-cdk/core.ValidationError');

/**
 * A value CDK refused while building the workflow (its ValidationError, named by its code, e.g.
 * InvalidBucketNameValue): a value of the spec the loader let through, so one screen naming the
 * construct and the rule, no stack. The loader checks the values AWS rejects (lib/model/private/
 * aws-values.ts); this is the net under it.
 */
export function cdkValidationMessage(e: unknown): string | undefined {
  if (e === null || typeof e !== 'object' || !(CDK_VALIDATION in e)) return undefined;
  const err = e as { name?: string; message?: string; constructPath?: string };
  const message = (err.message ?? '').split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l)).slice(0, 5).join('\n  ');
  return `dagstep: AWS CDK refused a value of the workflow (${err.name ?? 'ValidationError'})${err.constructPath ? ` at ${err.constructPath}` : ''}: ${message}`;
}

/** Most bytes dagstep reads from a file named on the command line (--input, --mocks, --secrets, --previous). */
export const MAX_USER_FILE_BYTES = 32 * 1024 * 1024;

/** What a non-regular file is, for the message. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Checks a file named by `flag` before anything reads it: it exists, is a regular file (a FIFO
 * would block the read forever, a device could be endless) and is at most `maxBytes`. `fs.statSync`
 * never opens the file, so it cannot hang on a FIFO.
 */
export function checkUserFile(file: string, flag: string, maxBytes = MAX_USER_FILE_BYTES): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SpecError({ file, field: flag, message: code === 'ENOENT' ? 'expected an existing file, received a path that does not exist' : `cannot read the file (${code ?? 'error'})` });
  }
  if (!st.isFile()) throw new SpecError({ file, field: flag, message: `expected a regular file, received ${kindOf(st)}` });
  if (st.size > maxBytes) throw new SpecError({ file, field: flag, message: `expected at most ${maxBytes} bytes, received ${st.size}` });
  return st;
}

/**
 * Reads a file named by `flag` as UTF-8, bounded: {@link checkUserFile} first, then at most
 * `maxBytes` + 1 bytes are read, so a regular file that keeps growing (or a /proc file reporting
 * size 0) fails with a message instead of exhausting memory.
 */
export function readUserFile(file: string, flag: string, maxBytes = MAX_USER_FILE_BYTES): string {
  checkUserFile(file, flag, maxBytes);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new SpecError({ file, field: flag, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new SpecError({ file, field: flag, message: `expected at most ${maxBytes} bytes, received more (the file is still growing)` });
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
