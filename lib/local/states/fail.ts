import { StatesError } from '../errors';
import { evalField } from '../jsonata-field';
import type { StateIo } from '../io';
import type { StepResult } from '../runtime';

/**
 * Fail: fails with Error/Cause (or ErrorPath/CausePath, paths or intrinsics; JSONata expressions).
 * A Fail without Error records no error and without Cause no cause, as AWS does.
 */
export async function runFail(io: StateIo): Promise<StepResult> {
  const { state } = io.env;
  let error: unknown;
  let cause: unknown;
  if (io.jsonata) {
    const b = io.bindings({ input: io.env.input });
    error = state.Error !== undefined ? await evalField(state.Error, b, 'Error', io.env.rt.random) : undefined;
    cause = state.Cause !== undefined ? await evalField(state.Cause, b, 'Cause', io.env.rt.random) : undefined;
  } else {
    const dyn = (path: string | undefined) => path === undefined ? Promise.resolve(undefined)
      : io.payload('', { 'v.$': path }, io.env.input).then((r) => (r as { v: unknown }).v);
    error = state.ErrorPath !== undefined ? await dyn(state.ErrorPath) : state.Error;
    cause = state.CausePath !== undefined ? await dyn(state.CausePath) : state.Cause;
  }
  const text = (v: unknown) => v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
  throw new StatesError(text(error) ?? '', text(cause));
}
