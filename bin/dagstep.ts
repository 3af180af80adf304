#!/usr/bin/env node
import Module from 'module';
import { COMMANDS } from '../lib/cli/commands';
import { processIO } from '../lib/cli/io';
import { runCli } from '../lib/cli/program';
import { isUserError } from '../lib/model/errors';
import { loadTypeScriptOnDemand } from '../lib/cli/private/typescript';

// Node ≥ 22.1 caches compiled module code between runs (a no-op on older Node).
(Module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
loadTypeScriptOnDemand();
runCli(process.argv.slice(2), processIO, COMMANDS).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    // A user error that escaped a command (e.g. thrown while a DSL module loads) reads as one.
    process.stderr.write(isUserError(e) ? `${e.message}\n` : `dagstep: internal error (this is a bug, please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
