import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CompileError } from '../model/errors';
import type { Plan, PlanNode } from '../graph/plan';
import { Scope, underBranch, resultsParameters } from './data-flow';
import { CrossEdgeRenderer } from './cross-edges';
import { renderChildStep } from './child-step';
import { INIT_STATE, OUTPUT_STATE, parallelResultKey, parallelStateName } from './names';
import { ChildNode, PartNode, partTaskIds } from './partition';
import { LambdaTask } from './task-kinds/lambda-task';
import { MapTask } from './task-kinds/map-task';
import { TaskBuildContext, TaskFragment } from './task-kinds/task-kind';
import { kindOf, TaskKindName } from '../model/task-kinds';
import type { TaskModel } from '../model/types';
import { BatchTask } from './task-kinds/batch-task';
import { ContainerTask } from './task-kinds/container-task';
import { GlueTask } from './task-kinds/glue-task';
import { HttpTask } from './task-kinds/http-task';
import { SdkTask } from './task-kinds/sdk-task';
import { WaitForTask } from './task-kinds/wait-for-task';
import { ApprovalTask } from './task-kinds/approval-task';
import { WorkflowTask } from './task-kinds/workflow-task';
import { DagIndex, indexDag } from '../graph/dag';

/** The class that renders each task kind (a map task is a MapTask whatever runs its items). */
const KIND_CLASSES: Record<TaskKindName, new (ctx: TaskBuildContext, task: TaskModel) => { build: MapTask['build'] }> = {
  lambda: LambdaTask, container: ContainerTask, batch: BatchTask, glue: GlueTask, http: HttpTask, sdk: SdkTask, workflow: WorkflowTask,
    waitFor: WaitForTask, approval: ApprovalTask,
};

/**
 * Renders a layout plan into CDK states, 1:1: `seq` → chained states, `par` → a Parallel state,
 * `task` → the task's state (a Lambda invocation or a Map). See data-flow.ts for where results live.
 */
export class StateBuilder {
  private parallels = 0;
  /**
   * True when the output gathers only some results (a partitioned workflow's parts): a Parallel
   * then collects only the results needed after it, so selectors stay small at every level.
   */
  private gathersSome = false;
  /** For each task other branches wait for: the tasks waiting for it. */
  private readonly waiters = new Map<string, string[]>();

  /**
   * `crossEdges` renders the waits of exact layouts (required when the plan has cross edges);
   * `children` creates the child state machine of a partitioned subtree.
   */
  constructor(
    private readonly ctx: TaskBuildContext,
    private readonly crossEdges?: CrossEdgeRenderer,
    private readonly children?: (node: ChildNode, external: readonly string[], outputIds: readonly string[]) => sfn.StateMachine,
  ) {}

  /**
   * The whole definition: init → plan → output. A child state machine (`external` given) starts
   * from the `{input, results}` its parent hands it and outputs only the results it produced.
   */
  build(plan: Plan | { readonly root: PartNode; readonly crossEdges: Plan['crossEdges'] }, external?: readonly string[],
    outputIds?: readonly string[]): sfn.IChainable {
    for (const [from, to] of plan.crossEdges) this.waiters.set(from, [...(this.waiters.get(from) ?? []), to]);
    const init = new sfn.Pass(this.ctx.construct, INIT_STATE, external
      ? { comment: 'dagstep: a child machine gets {input, results} from its parent', parameters: { 'input.$': '$.input', 'results.$': '$.results' } }
      : { comment: 'dagstep: the state is {input, results}', parameters: { 'input.$': '$', results: {} } });
    this.gathersSome = outputIds !== undefined;
    const scope = Scope.withFlatResults(external ?? []);
    const body = this.node(plan.root, scope);
    const gathered = outputIds ?? (external ? partTaskIds(plan.root).filter((id) => scope.location(id) !== undefined) : scope.ids());
    const output = new sfn.Pass(this.ctx.construct, OUTPUT_STATE, {
      comment: outputIds ? 'dagstep: gathers the results needed downstream into {results}' : 'dagstep: gathers every task result into {results}',
      parameters: { results: resultsParameters(scope, gathered) },
    });
    init.next(body.start);
    for (const end of body.ends) end.next(output);
    return sfn.Chain.custom(init, [output], output);
  }

  private node(node: PartNode, scope: Scope): TaskFragment {
    switch (node.kind) {
      case 'task': return this.task(node.id, node.waitFor, scope);
      case 'seq': return this.seq(node.children, scope);
      case 'par': return this.par(node.branches, scope);
      case 'child': return this.child(node, scope);
    }
  }

  /**
   * A subtree run as a child state machine (see child-step.ts): handed only the results it needs,
   * its produced results collected under `child<N>`.
   */
  private child(node: ChildNode, scope: Scope): TaskFragment {
    if (!this.children) throw new Error('internal: a partitioned plan needs a child machine factory');
    const produced = partTaskIds(node.root);
    const inside = new Set(produced);
    const external = this.externalDeps(produced, inside);
    // Only what later tasks need (and the workflow's final tasks) comes back: the parent's state
    // stays small however many tasks the child runs.
    const needed = produced.filter((id) => this.neededOutside(id, inside));
    const machine = this.children(node, external, needed);
    const key = `child${node.index}`;
    const results: Record<string, string> = {};
    for (const d of external) results[d] = scope.require(d);
    const fragment = renderChildStep(this.ctx, {
      index: node.index, machine, machineTimeoutSeconds: this.ctx.executionTimeoutSeconds ?? 0,
      input: { 'input.$': '$.input', results: resultsParameters(scope, external) }, results,
      insideChild: this.ctx.insideChild === true,
    }, `$.${key}`);
    for (const id of needed) scope.set(id, `$.${key}.results.${id}`);
    return fragment;
  }

  /** True when a task outside `inside` depends on `id`, or nothing does (a final task). */
  private neededOutside(id: string, inside: ReadonlySet<string>): boolean {
    const ix = this.index();
    const dependents = ix.succs[ix.index.get(id)!];
    return dependents.length === 0 || dependents.some((j) => !inside.has(ix.ids[j]));
  }

  /** The graph index of the tasks: a task's dependents are its successors there. */
  private index(): DagIndex {
    // One index per workflow, not per machine: a partitioned 10,000-task workflow has ~100 builders.
    let ix = indexCache.get(this.ctx.taskById);
    if (!ix) {
      ix = indexDag({ source: this.ctx.model.source, tasks: [...this.ctx.taskById.values()] });
      indexCache.set(this.ctx.taskById, ix);
    }
    return ix;
  }

  private externalDeps(produced: readonly string[], inside: ReadonlySet<string>): string[] {
    return [...new Set(produced.flatMap((id) => this.ctx.taskById.get(id)!.dependsOn))].filter((d) => !inside.has(d));
  }

  private task(id: string, waitFor: readonly string[] | undefined, scope: Scope): TaskFragment {
    const task = this.ctx.taskById.get(id)!;
    const waits = waitFor ?? [];
    const tos = this.waiters.get(id) ?? [];
    if ((waits.length > 0 || tos.length > 0) && !this.crossEdges) {
      throw new CompileError({
        file: this.ctx.model.source, taskId: id, field: 'layout',
        message: 'the plan has cross-branch waits but no coordination table was given to the compiler',
      });
    }
    const before = waits.length > 0 ? this.crossEdges!.waiters(id, waits, scope) : undefined;
    const kind = task.map ? new MapTask(this.ctx, task) : new KIND_CLASSES[kindOf(task)](this.ctx, task);
    const fragment = kind.build(scope);
    scope.set(id, `$.results.${id}`);
    let start: sfn.State = fragment.start;
    let ends: readonly sfn.INextable[] = fragment.ends;
    if (before) {
      for (const e of before.end) e.next(fragment.start);
      start = before.start;
    }
    if (tos.length > 0) {
      const after = this.crossEdges!.notifiers(id, tos, `$.results.${id}`);
      for (const e of ends) e.next(after.start);
      ends = after.end;
    }
    return { start, ends };
  }

  private seq(children: readonly PartNode[], scope: Scope): TaskFragment {
    let first: TaskFragment | undefined;
    let ends: readonly sfn.INextable[] = [];
    for (const child of children) {
      const f = this.node(child, scope);
      if (!first) first = f;
      else for (const end of ends) end.next(f.start);
      ends = f.ends;
    }
    return { start: first!.start, ends };
  }

  private par(branches: readonly PartNode[], scope: Scope): TaskFragment {
    const n = ++this.parallels;
    const produced = branches.map(partTaskIds);
    const inside = new Set(produced.flat());
    const external = this.externalDeps(produced.flat(), inside);
    const resultSelector: Record<string, string> = {};
    const chains: sfn.IChainable[] = [];
    branches.forEach((b, k) => {
      const inner = Scope.withFlatResults(external);
      const f = this.node(b, inner);
      chains.push(sfn.Chain.custom(f.start, [...f.ends], f.start));
      // A child machine inside the branch hands back only what is needed later: collect what is
      // visible (of a partitioned workflow: only what a later task or the output needs).
      for (const id of produced[k]) {
        const loc = inner.location(id);
        if (loc !== undefined && (!this.gathersSome || this.neededOutside(id, inside))) resultSelector[`${id}.$`] = underBranch(loc, k);
      }
    });
    const key = parallelResultKey(n);
    const state = new sfn.Parallel(this.ctx.construct, parallelStateName(n), {
      parameters: { 'input.$': '$.input', results: resultsParameters(scope, external) },
      resultSelector,
      resultPath: `$.${key}`,
    });
    for (const c of chains) state.branch(c);
    for (const id of Object.keys(resultSelector)) scope.set(id.slice(0, -2), `$.${key}.${id.slice(0, -2)}`);
    return { start: state, ends: [state] };
  }
}

const indexCache = new WeakMap<ReadonlyMap<string, TaskModel>, DagIndex>();

/** Every task id in a plan subtree, in plan order. */
export function taskIds(node: PlanNode): string[] {
  return partTaskIds(node);
}
