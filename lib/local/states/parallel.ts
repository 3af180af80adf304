import type { StateIo } from '../io';
import { withRetry } from '../retry';
import type { Journal } from '../redrive';
import type { StepResult } from '../runtime';
import type { Signal } from '../signal';
import type { Json } from '../types';

/** Parallel: every branch on the same input (Parameters / Arguments); the first failure stops the others. */
export async function runParallel(io: StateIo): Promise<StepResult> {
  const { state, rt, name, frame } = io.env;
  return withRetry(io, async (attempt) => {
    const effective = io.effectiveInput();
    const field = io.jsonata ? 'Arguments' : 'Parameters';
    const branchInput = state[field] !== undefined ? await io.payload(field, state[field], effective) : effective;
    io.history.add('ParallelStateStarted', name);
    const signal: Signal = { stopped: false, parent: frame.signal };
    // A redrive reruns only the branches that did not succeed (redrive.ts); a Retry reruns them all.
    const prior = attempt === 0 ? io.env.redrive?.children : undefined;
    const journals: Journal[] = (state.Branches ?? []).map((_, i) => prior?.[i]?.done ? prior[i] : {});
    if (frame.journal) frame.journal.children = journals;
    const results: Json[] = await Promise.all((state.Branches ?? []).map((b, i) => journals[i].done ? journals[i].output
      : rt.runMachine(b, branchInput, { extra: frame.extra, signal, vars: Object.create(frame.vars) as Record<string, unknown>, ql: frame.ql,
        events: frame.events, depth: (frame.depth ?? 0) + 1, journal: journals[i] }, prior?.[i])
        .catch((e: unknown) => { signal.stopped = true; throw e; })));
    io.history.add('ParallelStateSucceeded', name);
    return { output: await io.finish(results, { resultPath: true }), next: state.End ? undefined : state.Next };
  });
}
