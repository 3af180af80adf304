import type { WorkflowModel } from '../model/types';

/**
 * Data-flow rules of a compiled workflow (documented in README "Data flow"):
 *
 * - The state carried between states is `{ input, results }`: `input` is the execution input,
 *   `results.<taskId>` the output of each task finished in the current scope.
 * - A task's handler receives `{ input, results: { <each dependency>: output }, context }`: only its
 *   dependencies' results, never the whole map, so payloads stay small.
 * - A Parallel passes each branch only `input` and the results its tasks depend on (its `Parameters`),
 *   and collects the tasks finished inside under `parallel<N>.<taskId>` (its `ResultSelector` and
 *   `ResultPath`), so no result is copied once per branch.
 * - The final state gathers every task's output into `{ results: { <taskId>: output } }`.
 *
 * - The state stays bounded (README "Large results"): Step Functions fails a state whose input or
 *   output passes 262,144 bytes ("Maximum input or output size for a task, state, or execution",
 *   Quotas for Standard Workflows). Every task's result stays in the state until the final state
 *   gathers them all, so one result's claim-check threshold is not enough: the results together
 *   get {@link GATHERED_RESULTS_BUDGET_BYTES}, and each task's threshold is at most its share of
 *   it ({@link gatheredResultThresholdBytes}); a bigger result travels as a reference.
 *
 * A `Scope` knows, at one point of the definition, the JSONPath at which each finished task's
 * result can be read.
 */
export class Scope {
  private readonly locations = new Map<string, string>();

  /** A scope whose visible results are `$.results.<id>` for each given id. */
  static withFlatResults(ids: Iterable<string>): Scope {
    const s = new Scope();
    for (const id of ids) s.locations.set(id, `$.results.${id}`);
    return s;
  }

  /** Where the result of `taskId` is, or undefined when it is not visible here. */
  location(taskId: string): string | undefined {
    return this.locations.get(taskId);
  }

  /** Like location(), for a task that must be visible (a dependency placed before its dependent). */
  require(taskId: string): string {
    const loc = this.locations.get(taskId);
    if (loc === undefined) throw new Error(`internal: result of "${taskId}" is not visible in this scope`);
    return loc;
  }

  /** Records that `taskId`'s result is now at `path`. */
  set(taskId: string, path: string): void {
    this.locations.set(taskId, path);
  }

  /** Task ids visible here, in the order they finished. */
  ids(): string[] {
    return [...this.locations.keys()];
  }
}

/** A JSONPath `$.a.b` re-rooted under `$[k]` (a Parallel branch's output in its result array). */
export function underBranch(path: string, branch: number): string {
  return `$[${branch}]${path.slice(1)}`;
}

/** The `{ "<id>.$": path }` object that hands a set of results to a state. */
export function resultsParameters(scope: Scope, ids: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) out[`${id}.$`] = scope.require(id);
  return out;
}

/** Step Functions' quota on a state's input or output (UTF-8 bytes). */
export const STATE_QUOTA_BYTES = 262_144;
/**
 * What the results dagstep gathers may take of the state: 160 KiB, leaving ~96 KiB of the quota
 * for the execution input and the dead-letter snapshot ({@link STATE_QUOTA_BYTES}).
 */
export const GATHERED_RESULTS_BUDGET_BYTES = 160 * 1024;
/** Bytes a claim-check reference takes in the state (`{"$dagstep.ref": "s3://.../results/<execution>/<task>.json", "size": n}`), rounded up. */
export const RESULT_REF_BYTES = 256;
/** The smallest threshold the share goes down to: below it, storing costs more than it saves. */
export const MIN_GATHERED_THRESHOLD_BYTES = 1024;

/**
 * One task's share of the gathered-results budget: the budget over the number of results the
 * state can hold at once (every task's: the final state gathers them all), at least
 * {@link MIN_GATHERED_THRESHOLD_BYTES}. With five tasks it is 32 KiB, so five 60 KB results
 * travel by reference instead of passing 256 KB together.
 */
export function gatheredResultThresholdBytes(model: Pick<WorkflowModel, 'tasks'>): number {
  const fallbacks = new Set(model.tasks.flatMap((t) => (t.fallback ? [t.fallback] : [])));
  const gathered = model.tasks.filter((t) => !fallbacks.has(t.id)).length;
  return Math.max(MIN_GATHERED_THRESHOLD_BYTES, Math.floor(GATHERED_RESULTS_BUDGET_BYTES / Math.max(1, gathered)));
}
