/** Where a task runs: filled by the state machine from its context object. */
export interface TaskContext {
  readonly workflow: string;
  /** `$$.Execution.Id`: one correlation id through a whole run. */
  readonly executionId: string;
  readonly taskId: string;
  /** `$$.State.RetryCount`: 0 on the first attempt. */
  readonly attempt: number;
  /** Map items only: the index of the item. */
  readonly itemIndex?: number;
}

/** The event every task handler receives. */
export interface TaskEvent<I = unknown> {
  /** The execution input. */
  readonly input: I;
  /** The outputs of this task's dependencies, by task id. */
  readonly results: Readonly<Record<string, unknown>>;
  readonly context: TaskContext;
  /** Map tasks: the item this invocation processes. */
  readonly item?: unknown;
  /**
   * Batched Distributed Map tasks (`map.batch`): the items this invocation processes, in order;
   * return one result per item (an array of the same length). `context.itemIndex` is the first's index.
   */
  readonly items?: readonly unknown[];
  /** Fallback tasks: the failure of the task they replace (`{Error, Cause}`). */
  readonly failure?: { readonly Error: string; readonly Cause?: string };
}
