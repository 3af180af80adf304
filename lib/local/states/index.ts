import type { StateIo } from '../io';
import type { StepResult } from '../runtime';
import { runChoice } from './choice';
import { runFail } from './fail';
import { runMap } from './map';
import { runParallel } from './parallel';
import { runPass } from './pass';
import { runSucceed } from './succeed';
import { runTask } from './task';
import { runWait } from './wait';

/** One handler per state type. */
export const HANDLERS: Readonly<Record<string, (io: StateIo) => Promise<StepResult>>> = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};
