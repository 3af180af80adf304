import type { StateIo } from '../io';
import { withRetry } from '../retry';
import type { StepResult } from '../runtime';
import type { Json, Signal } from '../states';

/** Parallel: every branch on the same input (Parameters / Arguments); the first failure stops the others. */
export async function runParallel(io: StateIo): Promise<StepResult> {
  const { state, rt, name, frame } = io.env;
  return withRetry(io, async () => {
    const effective = io.effectiveInput();
    const field = io.jsonata ? 'Arguments' : 'Parameters';
    const branchInput = state[field] !== undefined ? await io.payload(field, state[field], effective) : effective;
    rt.history.add('ParallelStateStarted', name);
    const signal: Signal = { stopped: false, parent: frame.signal };
    const results: Json[] = await Promise.all((state.Branches ?? []).map((b) =>
      rt.runMachine(b, branchInput, { extra: frame.extra, signal, vars: Object.create(frame.vars), ql: frame.ql })
        .catch((e: unknown) => { signal.stopped = true; throw e; })));
    rt.history.add('ParallelStateSucceeded', name);
    return { output: await io.finish(results, { resultPath: true }), next: state.End ? undefined : state.Next };
  });
}
