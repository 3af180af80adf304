import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { captureIO, cdkValidationMessage, EXIT_OK, EXIT_USAGE, EXIT_USER_ERROR, MAX_USER_FILE_BYTES, processIO, readUserFile, runCommand } from '../../lib/cli/io';
import { SpecError } from '../../lib/model/errors';
import { tempDir } from '../support/temp';

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

describe('bounded reads of files named on the command line', () => {
  const tmp = tempDir('dagstep-io-');
  const problemOf = (fn: () => unknown) => {
    try { fn(); } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      return (e as SpecError).problems[0];
    }
    throw new Error('expected a SpecError');
  };

  test('a regular file within the limit is read', () => {
    // GIVEN / WHEN / THEN
    const file = path.join(tmp, 'input.json');
    fs.writeFileSync(file, '{"day":"2024-01-01"}');
    expect(readUserFile(file, '--input')).toBe('{"day":"2024-01-01"}');
  });

  test('a FIFO, a device, a directory, a missing path and a file over the limit are refused without reading', () => {
    // GIVEN a FIFO (opening it would block forever) and the others
    const fifo = path.join(tmp, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const big = path.join(tmp, 'big.json');
    fs.writeFileSync(big, 'x'.repeat(2048));
    // WHEN / THEN each names the file, the flag and what it received
    expect([
      problemOf(() => readUserFile(fifo, '--input')),
      problemOf(() => readUserFile('/dev/zero', '--mocks')),
      problemOf(() => readUserFile(tmp, '--secrets')),
      problemOf(() => readUserFile(path.join(tmp, 'nope.json'), '--previous')),
      problemOf(() => readUserFile(big, '--input', 1024)),
    ]).toStrictEqual([
      { file: fifo, field: '--input', message: 'expected a regular file, received a FIFO (named pipe)' },
      { file: '/dev/zero', field: '--mocks', message: 'expected a regular file, received a character device' },
      { file: tmp, field: '--secrets', message: 'expected a regular file, received a directory' },
      { file: path.join(tmp, 'nope.json'), field: '--previous', message: 'expected an existing file, received a path that does not exist' },
      { file: big, field: '--input', message: 'expected at most 1024 bytes, received 2048' },
    ]);
    expect(MAX_USER_FILE_BYTES).toBe(32 * 1024 * 1024);
  });

  test('a value CDK refuses is one screen, exit 1, no stack', async () => {
    // GIVEN CDK's own ValidationError for an invalid bucket name
    const io = captureIO();
    // WHEN a command throws it
    const code = await runCommand(io, () => { new s3.Bucket(new Stack(), 'B', { bucketName: 'My_Bucket' }); return 0; });
    // THEN
    expect(code).toBe(EXIT_USER_ERROR);
    expect(io.err()).toMatch(/^dagstep: AWS CDK refused a value of the workflow \(InvalidBucketNameValue\)( at \S+)?: Invalid S3 bucket name \(value: My_Bucket\)/);
    expect(io.err()).not.toMatch(/^\s+at /m);
    expect(cdkValidationMessage(new Error('x'))).toBeUndefined();
  });
});
