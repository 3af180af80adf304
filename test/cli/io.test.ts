import { captureIO, EXIT_OK, EXIT_USAGE, EXIT_USER_ERROR, processIO, runCommand } from '../../lib/cli/io';
import { SpecError } from '../../lib/model/errors';

describe('captureIO', () => {
  test('records stdout and stderr separately', () => {
    // GIVEN a capturing IO
    const io = captureIO(true);
    // WHEN written to
    io.stdout('a'); io.stderr('e'); io.stdout('b');
    // THEN
    expect([io.out(), io.err(), io.isTTY]).toStrictEqual(['ab', 'e', true]);
    expect(captureIO().isTTY).toBe(false);
  });
});

describe('exit codes', () => {
  test('0, 1, 2', () => {
    // GIVEN / WHEN / THEN
    expect([EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE]).toStrictEqual([0, 1, 2]);
    expect(typeof processIO.stdout).toBe('function');
  });
});

describe('runCommand', () => {
  test('returns the body exit code, sync or async', async () => {
    // GIVEN / WHEN / THEN
    const io = captureIO();
    expect(await runCommand(io, () => 0)).toBe(0);
    expect(await runCommand(io, async () => 1)).toBe(1);
    expect(io.err()).toBe('');
  });

  test('a user error prints its message without a stack and exits 1', async () => {
    // GIVEN a body throwing a SpecError
    const io = captureIO();
    // WHEN
    const code = await runCommand(io, () => { throw new SpecError({ file: 'f.yaml', taskId: 't', message: 'bad' }); });
    // THEN
    expect(code).toBe(1);
    expect(io.err()).toBe('f.yaml: task "t": bad\n');
  });

  test('any other error says it is a bug and prints the stack', async () => {
    // GIVEN a body throwing a TypeError
    const io = captureIO();
    const e = new TypeError('boom');
    // WHEN
    const code = await runCommand(io, async () => { throw e; });
    // THEN
    expect(code).toBe(1);
    expect(io.err()).toBe(`dagstep: internal error (this is a bug, please report it):\n${e.stack}\n`);
  });
});
