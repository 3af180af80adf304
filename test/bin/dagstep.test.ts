import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/temp';

/** The built CLI (`dist/bin/dagstep.js`, built by `npm ci`'s prepare) as a user's shell runs it. */
const BIN = path.resolve(__dirname, '../../dist/bin/dagstep.js');
const SPEC = path.resolve(__dirname, '../../examples/etl/etl.yaml');

describe('dagstep (built)', () => {
  test('GIVEN a reader that stops early (| head) WHEN compile writes a long template THEN it exits quietly', async () => {
    // GIVEN / WHEN the reader closes the pipe before reading anything
    const child = spawn(process.execPath, [BIN, 'compile', SPEC, '--format', 'cfn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += String(d); });
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    // THEN no EPIPE stack trace and no failure
    expect({ code, err }).toStrictEqual({ code: 0, err: '' });
  });

  test('GIVEN a second run WHEN compiled code comes from the compile cache THEN the output is the same', () => {
    const first = spawnSync(process.execPath, [BIN, 'compile', SPEC], { encoding: 'utf8' });
    const second = spawnSync(process.execPath, [BIN, 'compile', SPEC], { encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(JSON.parse(second.stdout)).toStrictEqual(JSON.parse(first.stdout));
  });
});

describe('dagstep (built) run where CDK_OUTDIR is set (inside `cdk synth`, or a CI that exports it)', () => {
  test.each([['compile'], ['runbook'], ['check']])('GIVEN CDK_OUTDIR WHEN %s runs THEN it exits cleanly and writes nothing into that cdk.out', (command) => {
    // GIVEN
    const outdir = tempDir('dagstep-user-cdk-out-');
    // WHEN
    const r = spawnSync(process.execPath, [BIN, command, SPEC], { encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir } });
    // THEN
    const written = fs.readdirSync(outdir);
    expect({ status: r.status, err: r.stderr, written }).toStrictEqual({ status: 0, err: '', written: [] });
  });
});
