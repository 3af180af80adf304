import type { Json } from './types';

/*
 * Redrive, as Step Functions documents it:
 * - RedriveExecution (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html):
 *   a FAILED, TIMED_OUT or ABORTED Standard execution continues from the unsuccessful step with the
 *   same input; the successful steps keep their results and are not rerun. In an Inline Map or a
 *   Parallel only the iterations and branches that failed or were aborted are rerun. A SUCCEEDED
 *   execution is refused with ExecutionNotRedrivable.
 * - "Restarting state machine executions with redrive"
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): the same
 *   execution ARN and definition; the state machine's TimeoutSeconds starts again at 0;
 *   `$$.Execution.RedriveCount` counts the redrives. An execution that ended because of the
 *   history event limit is not redrivable (DescribeExecution's redriveStatusReason "Execution
 *   history event limit exceeded").
 * - "Redriving Map Runs" (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html):
 *   a redrive reruns every state that has a <stateType>Entered event without its <stateType>Exited
 *   event, a Distributed Map included (only its unsuccessful child executions).
 *
 * So an execution that failed at a Fail state reached through a Catch reruns that Fail state (it
 * was entered and never exited) and fails again; the Task whose error was caught exited and is not
 * rerun.
 *
 * The engine records this as a journal per (sub-)machine run: the state entered and not exited
 * (with its input and the scope's variables) or the machine's output once it ended, and for a
 * Parallel or Map in flight one journal per branch or iteration.
 */

/** Where one run of a (sub-)state machine stood when the execution ended. */
export interface Journal {
  /** The state entered and not exited (or about to be entered) when the run stopped. */
  state?: string;
  /** That state's input. */
  input?: Json;
  /** The scope's own variables at that state (a live reference while running, a copy in a result). */
  vars?: Record<string, unknown>;
  /** True once the (sub-)machine ended successfully with `output`. */
  done?: boolean;
  output?: Json;
  /** `state` is a Parallel or Map: its branches, or its iterations by item index (none: not started). */
  children?: (Journal | undefined)[];
}

/** What a FAILED, TIMED_OUT or ABORTED run keeps so that it can be redriven. */
export interface RedrivePoint {
  /** The execution input (a redrive runs with the same input). */
  readonly input: Json;
  /** The top-level state machine's journal. */
  readonly journal: Journal;
  /** Redrives before this run: 0 for the original execution attempt. */
  readonly redriveCount: number;
}

/** A copy of a journal tree that later work of the ended run cannot change (variables copied). */
export function snapshot(j: Journal): Journal {
  const out: Journal = {};
  if (j.done) return { done: true, output: j.output };
  if (j.state !== undefined) Object.assign(out, { state: j.state, input: j.input, vars: j.vars ? { ...j.vars } : {} });
  if (j.children && j.state !== undefined) out.children = j.children.map((c) => c && snapshot(c));
  return out;
}
