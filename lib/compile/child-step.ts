import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { childStateName, childStepStateName } from './names';
import { childResumeStates, EXECUTION_ALREADY_EXISTS } from './private/child-resume';
export { CHILD_REDRIVE_POLL_SECONDS } from './private/child-resume';
import type { TaskBuildContext, TaskFragment } from './task-kinds/task-kind';

/** Seconds a child-execution state waits beyond the child machine's own timeout: the child always ends first. */
export const CHILD_TIMEOUT_MARGIN_SECONDS = 60;

/** What rendering one child-execution state needs. */
export interface ChildStepProps {
  readonly index: number;
  readonly machine: sfn.StateMachine;
  /** The child machine's TimeoutSeconds. */
  readonly machineTimeoutSeconds: number;
  /** `{input, results}` handed to the child (without rootExecutionId, added here). */
  readonly input: Record<string, unknown>;
  /** JSONPath of each external dependency result, for a letter's snapshot. */
  readonly results: Readonly<Record<string, string>>;
  /** True when this state is itself inside a child machine (the root ARN comes in its input). */
  readonly insideChild: boolean;
}

/**
 * A subtree run as a child state machine (`startExecution.sync:2`), closed on every failure path:
 *
 * - the child execution is named deterministically, `c<n>-<md5 of the parent execution ARN>`, so
 *   the child of a given parent execution is always the same execution;
 * - the state's TimeoutSeconds is the child machine's timeout plus a margin: the child always ends
 *   by itself first, and a stuck start still ends here;
 * - nothing is caught but the resume below: a child that ended FAILED / TIMED_OUT / ABORTED fails
 *   this Task state (States.TaskFailed, the child's DescribeExecution as a JSON cause), so the
 *   parent fails here, at the state a redrive re-runs. The guard letters the child's own failed
 *   units (it reads the child through the cause's ARN); a start that failed is lettered as this state;
 * - resume on redrive: a redriven parent re-runs this state; its StartExecution then finds the
 *   same-named child (`ExecutionAlreadyExists`), so instead of starting the child over it redrives
 *   that child (`RedriveExecution`: only its failed states run again), polls it to its end with
 *   DescribeExecution and takes its output; a child that already SUCCEEDED is not redrivable and
 *   its output is taken as is. A redriven child that fails again returns to `.redrive`, which
 *   redrives a child at most once per parent redrive (`$$.Execution.RedriveCount`): the second
 *   time it raises, so the parent fails at that Task state and the next parent redrive resumes there.
 */
export function renderChildStep(ctx: TaskBuildContext, p: ChildStepProps, resultPath: string): TaskFragment {
  const scope = ctx.construct;
  const n = p.index;
  const name = sfn.JsonPath.format(`c${n}-{}`, sfn.JsonPath.hash(sfn.JsonPath.executionId, 'MD5'));
  const rootExecutionId = p.insideChild ? '$$.Execution.Input.rootExecutionId' : '$$.Execution.Id';
  const state = new tasks.StepFunctionsStartExecution(scope, childStateName(n), {
    stateMachine: p.machine,
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    associateWithParent: true,
    name,
    input: sfn.TaskInput.fromObject({ ...p.input, 'rootExecutionId.$': rootExecutionId }),
    resultSelector: { 'results.$': '$.Output.results' },
    resultPath,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(p.machineTimeoutSeconds + CHILD_TIMEOUT_MARGIN_SECONDS)),
  });
  state.addRetry({
    errors: ['StepFunctions.ExecutionLimitExceededException', 'StepFunctions.SdkClientException', 'StepFunctions.AWSStepFunctionsException'],
    interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2, maxDelay: Duration.seconds(60), jitterStrategy: sfn.JitterType.FULL,
  });

  // Redrive: resume the same child instead of starting it over; a child that failed again returns
  // to `.redrive`, which raises on the second try within one redrive of the parent.
  const resume = childResumeStates(scope, { machine: p.machine, executionName: name, stateName: (what) => childStepStateName(n, what) });
  const resumed = new sfn.Pass(scope, childStepStateName(n, 'resumed'), {
    comment: 'dagstep: the redriven child succeeded; its results as if it had run now',
    parameters: { 'results.$': '$.childRun.out.results' },
    resultPath,
  });
  resume.finish(resumed, resume.redrive);

  state.addCatch(resume.locate, { errors: [EXECUTION_ALREADY_EXISTS], resultPath: sfn.JsonPath.DISCARD });
  return { start: state, ends: [state, resumed] };
}
