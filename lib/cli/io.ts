import { isUserError } from '../model/errors';

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
    const err = e as Error;
    io.stderr(`dagstep: internal error (this is a bug, please report it):\n${err?.stack ?? String(e)}\n`);
    return EXIT_USER_ERROR;
  }
}
