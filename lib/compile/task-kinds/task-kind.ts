import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { TaskModel, WorkflowModel } from '../../model/types';
import { resultsParameters, Scope } from '../data-flow';
import { BranchDeadLetter, catchFailure, DeadLetterRouter, FAILURE_PATH, FALLBACK_FAILURE_PATH, jsonataPath } from '../dead-letter';
import { CAUSE_MAX_CHARS as CAUSE_LIMIT } from '../../model/dead-letter';
import { taskFallbackFailedStateName, taskRescuedStateName } from '../names';
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
  build(scope: Scope, branch: BranchDeadLetter): TaskFragment {
    const state = this.renderCall(scope);
    // A workflow task is a Parallel (it rethrows its child's error); attach only adds its Catch.
    const extra = this.ctx.deadLetters.attach(state as sfn.TaskStateBase, this.task, scope, branch,
      this.task.fallback ? (failed) => this.routeToFallback(failed, scope, branch) : undefined);
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
   * `fallback: <id>`: when the task fails for good, the fallback task runs in its place with the
   * same dependencies' results plus the failure (`failure`), and its output becomes this task's
   * result. Rescued: `<task>.rescued` records the primary's error (a state-machine log line, counted
   * by the FallbackRescued metric). Both failed: one letter for the task, with the primary's error
   * and the fallback's in its `fallback` field.
   */
  private routeToFallback(failed: sfn.Pass, scope: Scope, branch: BranchDeadLetter): sfn.INextable[] {
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
    const letter = `${jsonataPath(FALLBACK_FAILURE_PATH)}`;
    const both = sfn.Pass.jsonata(this.ctx.construct, taskFallbackFailedStateName(this.task.id), {
      comment: `dagstep: "${fallback.id}" failed too; its error joins the letter of "${this.task.id}"`,
      outputs: `{% $merge([$states.input, {"deadLetter": $merge([$states.input.deadLetter, {"fallback": {"taskId": ${JSON.stringify(fallback.id)}, "error": ${letter}.Error, "cause": $exists(${letter}.Cause) ? $substring(${letter}.Cause, 0, ${CAUSE_LIMIT}) : null}}])}]) %}`,
    });
    catchFailure(call, both, FALLBACK_FAILURE_PATH);
    return [rescued, ...this.ctx.deadLetters.route(both, this.task, branch)];
  }
}
