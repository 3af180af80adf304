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
