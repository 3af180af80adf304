import type { AslRetrier } from '../model/asl';
import { StatesError, UnsupportedError } from './errors';

/** Attempts of one state entry the engine runs at most (AWS's 25,000-event quota allows about 8,000). */
export const MAX_ATTEMPTS = 10_000;
import type { StateIo } from './io';
import type { StepResult } from './runtime';

/**
 * The one Retry/Catch executor (Task, Parallel, Map; both query languages): runs `attempt` until
 * it succeeds, a retrier's wait passes, or a catcher takes the error. States.Runtime is never
 * retried or caught; an aborted execution or an unsupported construct stops at once.
 */
export async function withRetry(io: StateIo, attempt: (n: number) => Promise<StepResult>): Promise<StepResult> {
  const { rt, state, name } = io.env;
  const retriers = state.Retry ?? [];
  const counts = retriers.map(() => 0);
  for (let n = 0; ; n++) {
    io.setAttempt(n);
    try {
      return await attempt(n);
    } catch (e) {
      if (rt.aborted() || e instanceof UnsupportedError) throw e;
      const err = io.stateError(e);
      if (err.error === 'States.Runtime') throw err;
      rt.guard();
      if (n + 1 >= MAX_ATTEMPTS) throw new StatesError('States.Runtime', `the local engine stopped retrying state '${name}' after ${MAX_ATTEMPTS} attempts (Step Functions' 25,000-event history quota ends such a run)`);
      const delay = retryDelay(retriers, counts, err, rt.random);
      if (delay !== undefined) {
        await rt.clock.sleep(delay);
        continue;
      }
      const catchers = state.Catch ?? [];
      const i = catchers.findIndex((c) => errorMatches(c.ErrorEquals, err.error));
      if (i < 0) throw err;
      io.history.add(`${state.Type}StateExited`, name, err.error, undefined, { entry: io.env.eventId });
      return { output: await io.caught(catchers[i], i, err), next: catchers[i].Next };
    }
  }
}

/**
 * Retry/Catch matching as AWS documents it: States.ALL and States.TaskFailed never match the
 * terminal States.Runtime; States.TaskFailed does not match States.Timeout or
 * States.DataLimitExceeded; a heartbeat expiry also matches States.Timeout. States.ALL does take a
 * Task's States.DataLimitExceeded, as AWS recorded (localstack
 * tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json).
 */
export function errorMatches(list: readonly string[], error: string): boolean {
  const terminal = error === 'States.Runtime';
  return list.some((e) => e === error
    || (e === 'States.Timeout' && error === 'States.HeartbeatTimeout')
    || (!terminal && (e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout' && error !== 'States.HeartbeatTimeout' && error !== 'States.DataLimitExceeded'))));
}

/** The wait before the next attempt when a retrier matches and has attempts left, else undefined. */
export function retryDelay(retriers: readonly AslRetrier[], counts: number[], err: StatesError, random: () => number): number | undefined {
  const r = retriers.findIndex((x) => errorMatches(x.ErrorEquals, err.error));
  if (r < 0 || counts[r] >= (retriers[r].MaxAttempts ?? 3)) return undefined;
  const x = retriers[r];
  let delay = (x.IntervalSeconds ?? 1) * Math.pow(x.BackoffRate ?? 2, counts[r]);
  if (x.MaxDelaySeconds !== undefined) delay = Math.min(delay, x.MaxDelaySeconds);
  if (x.JitterStrategy === 'FULL') delay = random() * delay;
  counts[r]++;
  return delay;
}
