#!/usr/bin/env node
// `npm test`: the type-check (`tsc --noEmit`, the whole project: sources, tests, examples, bench)
// and jest (@swc/jest, which strips types without checking them) run side by side, and the command
// fails if either does. Run one after the other, the type-check (single-threaded, about 20 s)
// left one of this machine's two cores idle while it ran; side by side they share both.
// Arguments go to jest (`npm test -- test/graph`). tsc's report is printed when it ends, so it does
// not interleave with jest's.
//
// Jest runs under `--max-semi-space-size=64` (its workers inherit the flags): the suite allocates
// fast, and a larger V8 young generation cut its CPU by about 10 % here. And under
// `--single-threaded` (V8 runs its garbage collection and optimizing compiles on the main thread,
// not on background threads): two workers and the type-check already keep both cores busy, so
// V8's helper threads only competed with them. Measured here with two workers over test/constructs,
// test/compile and test/local, back to back: 49.6 and 47.4 s (95 and 91 s of CPU) with helper
// threads, 43.5 and 45.0 s (84 and 87 s) without. A single file in band runs about 9 % slower.
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);

function run(args, { buffered }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (buffered) {
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

async function main() {
  const started = Date.now();
  const types = run([bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { buffered: true }).then((r) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(r.code === 0 ? `type-check (tsc --noEmit): no errors, ${seconds} s\n` : `type-check (tsc --noEmit) failed:\n${r.out}\n`);
    return r.code;
  });
  const tests = run(['--max-semi-space-size=64', '--single-threaded', bin('jest', 'bin/jest.js'), ...process.argv.slice(2)], { buffered: false }).then((r) => r.code);
  const [typeCode, testCode] = await Promise.all([types, tests]);
  if (typeCode !== 0) process.stderr.write('npm test: the type-check failed (its errors are above)\n');
  process.exitCode = typeCode !== 0 ? typeCode : testCode;
}

void main();
