#!/usr/bin/env node
import Module from 'module';
import { COMMANDS } from '../lib/cli/commands';
import { processIO } from '../lib/cli/io';
import { runCli } from '../lib/cli/program';
import { loadTypeScriptOnDemand } from '../lib/cli/private/typescript';

// Node ≥ 22.1 caches compiled module code between runs (a no-op on older Node).
(Module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
loadTypeScriptOnDemand();
runCli(process.argv.slice(2), processIO, COMMANDS).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`dagstep: internal error (this is a bug, please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
