import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { TaskModel, WorkflowModel } from '../../model/types';
import { resultsParameters, Scope } from '../data-flow';
import { DeadLetterRouter, FAILURE_PATH } from '../dead-letter';
import { taskRescuedStateName } from '../names';
import { writesResults } from '../map-sizing';
import { applyRetryPolicy } from '../retry';
import { inProgressRetry, taskTimeoutSeconds } from '../timeouts';
import type { KindResources } from './kind-resources';

/** What building one task's states needs from the rest of the compiler. */
export interface TaskBuildContext {
  readonly construct: Construct;
  readonly model: WorkflowModel;
  readonly functionFor: (taskId: string) => lambda.IFunction;
  readonly deadLetters: DeadLetterRouter;
  readonly taskById: ReadonlyMap<string, TaskModel>;
  /** TimeoutSeconds of the state machines (child-execution states wait a margin beyond it). */
  readonly executionTimeoutSeconds?: number;
  /** True when building a child state machine of a partitioned workflow. */
  readonly insideChild?: boolean;
  /** What non-Lambda kinds run on (ECS, result bucket, child workflows); the Workflow construct provides it. */
  readonly kindResources?: KindResources;
}

/** The states of one task: where it starts and every state the workflow continues from. */
export interface TaskFragment {
  readonly start: sfn.State;
  readonly ends: readonly sfn.INextable[];
}

/**
 * Template method for task kinds: the base owns naming (the state is named the task id), the
 * payload contract, retry, timeout, catch/dead-letter and fallback routing; a kind implements only
 * how it renders its call (`renderCall`).
 */
export abstract class TaskKind {
  constructor(protected readonly ctx: TaskBuildContext, protected readonly task: TaskModel) {}

  /** Builds the task's states in `scope`; its result lands at `$.results.<id>`. */
  build(scope: Scope): TaskFragment {
    const state = this.renderCall(scope);
    // A workflow task is a Parallel (it rethrows its child's error); attach only adds its Catch.
    const extra = this.ctx.deadLetters.attach(state as sfn.TaskStateBase, this.task, scope,
      this.task.fallback ? (failed) => this.routeToFallback(failed, scope) : undefined);
    const map = this.task.map;
    const tolerant = state instanceof sfn.DistributedMap && ((map?.toleratedFailurePercentage ?? 0) > 0 || (map?.toleratedFailureCount ?? 0) > 0);
    const ok = tolerant ? this.ctx.deadLetters.failedItems(state, this.task, scope, writesResults(map!)) : [state];
    return { start: state, ends: [...ok, ...extra] };
  }

  /** Renders the state that calls the task (named exactly the task id). */
  protected abstract renderCall(scope: Scope): sfn.TaskStateBase | sfn.Map | sfn.DistributedMap | sfn.Parallel;

  /** The event a handler receives: `{input, results (of its dependencies), context}`. */
  protected payload(scope: Scope, taskId = this.task.id): Record<string, unknown> {
    return {
      'input.$': '$.input',
      results: resultsParameters(scope, this.task.dependsOn),
      context: this.contextObject(taskId),
    };
  }

  /** `context` of the payload, from the Step Functions context object. */
  protected contextObject(taskId: string): Record<string, unknown> {
    return {
      workflow: this.ctx.model.name,
      'executionId.$': '$$.Execution.Id',
      taskId,
      'attempt.$': '$$.State.RetryCount',
    };
  }

  /** A Lambda invocation whose result is the handler's return value, with the task's retry policy. */
  protected invoke(id: string, task: TaskModel, payload: Record<string, unknown>, resultPath: string): tasks.LambdaInvoke {
    const call = new tasks.LambdaInvoke(this.ctx.construct, id, {
      lambdaFunction: this.ctx.functionFor(task.id),
      payload: sfn.TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      ...this.callProps(task),
      resultPath,
    });
    // First: a retry that finds the first attempt still running waits for it (never dead-letters).
    call.addRetry(inProgressRetry(taskTimeoutSeconds(task)));
    applyRetryPolicy(call, task.retry);
    return call;
  }

  /** Timeout, heartbeat and comment of the state that calls a task, whatever its kind. */
  protected callProps(task: TaskModel = this.task): Pick<sfn.TaskStateBaseProps, 'taskTimeout' | 'heartbeatTimeout' | 'comment'> {
    return {
      taskTimeout: sfn.Timeout.duration(Duration.seconds(taskTimeoutSeconds(task))),
      heartbeatTimeout: task.heartbeatSeconds !== undefined
        ? sfn.Timeout.duration(Duration.seconds(task.heartbeatSeconds)) : undefined,
      comment: task.description,
    };
  }

  /**
   * `fallback: <id>`: when the task fails for good, `<task>.failed` prepares the primary's letter
   * and the fallback task runs in its place with the same dependencies' results plus the failure
   * (`failure`); its output becomes this task's result. Rescued: `<task>.rescued` records the
   * primary's error (a state-machine log line, counted by the FallbackRescued metric). The
   * fallback failing too is not caught: the execution fails at the fallback, a redrive re-runs the
   * fallback alone, and the guard's one letter is the primary's prepared one with the fallback's
   * error in its `fallback` field (lib/model/guard-decision.ts).
   */
  private routeToFallback(failed: sfn.Pass, scope: Scope): sfn.INextable[] {
    const fallback = this.ctx.taskById.get(this.task.fallback!)!;
    const payload = { ...this.payload(scope, fallback.id), 'failure.$': FAILURE_PATH };
    const call = this.invoke(fallback.id, fallback, payload, `$.results.${this.task.id}`);
    failed.next(call);
    const rescued = new sfn.Pass(this.ctx.construct, taskRescuedStateName(this.task.id), {
      comment: `dagstep: "${this.task.id}" failed and "${fallback.id}" rescued it`,
      parameters: { rescued: true, taskId: this.task.id, fallback: fallback.id, 'Error.$': `${FAILURE_PATH}.Error`, 'Cause.$': `${FAILURE_PATH}.Cause` },
      resultPath: FAILURE_PATH,
    });
    call.next(rescued);
    return [rescued];
  }
}
