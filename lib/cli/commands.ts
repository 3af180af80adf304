import { registerBackfill } from './backfill';
import { registerCheck } from './check';
import { registerCompile } from './compile';
import { registerDlq } from './dlq';
import { registerExec } from './exec';
import { registerHistory } from './history';
import { registerGraph } from './graph';
import { registerRun } from './run';
import { registerRunbook } from './runbook';
import { registerSimulate } from './simulate';
import { registerStart } from './start';
import { registerWatch } from './watch';
import type { RegisterCommand } from './program';

/** Every dagstep command, in the order `dagstep --help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerCompile,
  registerGraph,
  registerCheck,
  registerRun,
  registerSimulate,
  registerRunbook,
  registerStart,
  registerWatch,
  registerHistory,
  registerDlq,
  registerBackfill,
  registerExec,
];
