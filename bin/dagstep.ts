#!/usr/bin/env node
import * as path from 'path';
import { COMMANDS } from '../lib/cli/commands';
import { processIO } from '../lib/cli/io';
import { runCli } from '../lib/cli/program';
import { isUserError } from '../lib/model/errors';
import { loadTypeScriptOnDemand } from '../lib/cli/private/typescript';
import { enableCompileCache } from '../lib/cli/private/compile-cache';

// Compiled module code is cached between runs (Node's own cache on Node ≥ 22.1). Only for the
// built CLI: from source (tsx), dagstep's files are the ones being edited.
if (__filename.endsWith('.js')) enableCompileCache(path.resolve(__dirname, '..'));
loadTypeScriptOnDemand();
// `dagstep compile big.yaml | head`: the reader went away, which is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
runCli(process.argv.slice(2), processIO, COMMANDS).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    // A user error that escaped a command (e.g. thrown while a DSL module loads) reads as one.
    process.stderr.write(isUserError(e) ? `${e.message}\n` : `dagstep: internal error (this is a bug, please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
