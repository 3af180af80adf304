import type { StateIo } from '../io';
import type { StepResult } from '../runtime';

/** Pass: Result, or Parameters over the effective input, placed by ResultPath; JSONata: Output. */
export async function runPass(io: StateIo): Promise<StepResult> {
  const { state, input } = io.env;
  const next = state.End ? undefined : state.Next;
  if (io.jsonata) return { output: await io.finish(input), next };
  const effective = io.effectiveInput();
  const result = state.Result !== undefined ? state.Result
    : state.Parameters !== undefined ? await io.payload('Parameters', state.Parameters, effective) : effective;
  return { output: await io.finish(result, { resultPath: true }), next };
}
