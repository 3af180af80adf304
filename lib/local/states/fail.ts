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
    // A path that matches nothing names the field, as AWS records it (localstack
    // tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json).
    const dyn = (path: string | undefined, field: string) => path === undefined ? Promise.resolve(undefined)
      : io.payload('', { 'v.$': path }, io.env.input).then((r) => (r as { v: unknown }).v, (e: unknown) => {
        if (e instanceof StatesError && e.cause?.includes("specified for the field 'v.$'")) throw new StatesError(e.error, e.cause.replace("field 'v.$'", `field '${field}'`));
        throw e;
      });
    error = state.ErrorPath !== undefined ? await dyn(state.ErrorPath, 'ErrorPath') : state.Error;
    cause = state.CausePath !== undefined ? await dyn(state.CausePath, 'CausePath') : state.Cause;
  }
  const text = (v: unknown) => v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
  throw new StatesError(text(error) ?? '', text(cause));
}
