/**
 * A layout plan: how the tasks of a DAG are nested into sequences and parallel groups.
 * The compiler renders it 1:1: `seq` → chained states, `par` → a Parallel state, `task` → the
 * task's state. A plan is valid when every task appears exactly once and every dependency's task
 * finishes before its dependent starts (given seq/par semantics plus `waitFor` cross edges).
 */

export type PlanNode = PlanTask | PlanSeq | PlanPar;

/** Run one task. */
export interface PlanTask {
  readonly kind: 'task';
  readonly id: string;
  /**
   * Exact layouts only: tasks in other branches this task must wait for (cross-branch edges,
   * compiled to the callback pattern). Empty/absent for pure series-parallel plans.
   */
  readonly waitFor?: readonly string[];
}

/** Run children one after another. At least two children. */
export interface PlanSeq {
  readonly kind: 'seq';
  readonly children: readonly PlanNode[];
}

/** Run branches concurrently; done when all are done. At least two branches. */
export interface PlanPar {
  readonly kind: 'par';
  readonly branches: readonly PlanNode[];
}

/** The result of a layout strategy. */
export interface Plan {
  readonly root: PlanNode;
  /** The strategy that produced it (for reports). */
  readonly strategy: string;
  /** Cross-branch edges kept as waits ([from, to]: `to` waits for `from`). Empty for SP plans. */
  readonly crossEdges: readonly (readonly [string, string])[];
}
