import type { StateIo } from '../io';
import type { StepResult } from '../runtime';

/** Succeed: ends the (sub-)machine with its (OutputPath- or Output-processed) input. */
export async function runSucceed(io: StateIo): Promise<StepResult> {
  return { output: await io.finish(io.effectiveInput()) };
}
