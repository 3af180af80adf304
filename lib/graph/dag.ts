/** The graph view of a workflow: what the graph layer needs (a WorkflowModel satisfies it). */
export interface DagNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly durationSeconds: number;
  /** The task that runs in this one's place when it fails for good (drawn, not scheduled). */
  readonly fallback?: string;
}

export interface Dag {
  /** Where the DAG came from (spec path), used in every error. */
  readonly source: string;
  readonly tasks: readonly DagNode[];
}

/** Index of a DAG: ids in declaration order, predecessor and successor lists by index. */
export interface DagIndex {
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly duration: readonly number[];
  readonly preds: readonly (readonly number[])[];
  readonly succs: readonly (readonly number[])[];
}

/** Builds the index of a valid DAG (unknown dependencies are ignored: validate first). */
export function indexDag(dag: Dag): DagIndex {
  const ids = dag.tasks.map((t) => t.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const preds: number[][] = ids.map(() => []);
  const succs: number[][] = ids.map(() => []);
  dag.tasks.forEach((t, i) => {
    for (const d of new Set(t.dependsOn)) {
      const j = index.get(d);
      if (j === undefined || j === i) continue;
      preds[i].push(j);
      succs[j].push(i);
    }
  });
  return { ids, index, duration: dag.tasks.map((t) => t.durationSeconds), preds, succs };
}
