import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { resultsParameters, Scope } from '../data-flow';
import { workflowRunStateName } from '../names';
import { childResumeStates, EXECUTION_ALREADY_EXISTS } from '../private/child-resume';
import { applyRetryPolicy } from '../retry';
import { TaskKind } from './task-kind';

/**
 * `workflow: <name or spec path>`: another dagstep workflow run as this task
 * (`states:startExecution.sync:2`, linked to this execution). Its input is `{input, results}` (this
 * execution's input and the task's dependencies' results) and the task's result is the child's
 * output `{results}`. The task state is a Parallel around the call and its resume.
 *
 * The child execution is named deterministically, `<task id>-<md5 of the parent execution ARN and
 * the task id>`, so a retry of this task or a redrive of the parent finds the same child: its
 * StartExecution raises ExecutionAlreadyExists, and instead of starting the child over (whose
 * succeeded tasks would run again) the task redrives that child — only its failed states run
 * again — polls it to its end and takes its output (lib/compile/private/child-resume.ts). A child
 * that already succeeded is taken as is.
 *
 * A failed child is not caught: the call fails with `States.TaskFailed` (its Cause the child's
 * DescribeExecution, whose Error and Cause the guard's letter carries), so the execution fails at
 * `<task>.run`, the Task state a redrive re-runs. A Catch leading to a Fail state would not do:
 * a redrive re-runs the Fail state, entered and never exited ("Redriving Map Runs",
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html), and fails at once.
 * A redriven child that fails again returns to `<task>.redrive`, which raises on its second try
 * within one redrive of the parent, so the parent fails at that Task state and the next redrive
 * resumes there.
 */
export class WorkflowTask extends TaskKind {
  protected renderCall(scope: Scope): sfn.Parallel {
    const id = this.task.id;
    const c = this.ctx.construct;
    const machine = this.ctx.kindResources?.childWorkflow(this.task);
    if (!machine) throw new Error('internal: a workflow task needs the Workflow construct\'s kind resources');
    const run = new tasks.StepFunctionsStartExecution(c, workflowRunStateName(id), {
      stateMachine: machine,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      associateWithParent: true,
      name: childExecutionName(id),
      input: sfn.TaskInput.fromObject({ 'input.$': '$.input', results: resultsParameters(scope, this.task.dependsOn) }),
      resultSelector: { 'results.$': '$.Output.results' },
      ...this.callProps(),
    });
    const resume = childResumeStates(c, { machine, executionName: childExecutionName(id), stateName: (what) => `${id}.${what}` });
    const resumed = new sfn.Pass(c, `${id}.resumed`, {
      comment: 'dagstep: the redriven child succeeded; its results as if it had run now',
      parameters: { 'results.$': '$.childRun.out.results' },
    });
    resume.finish(resumed, resume.redrive);
    run.addCatch(resume.locate, { errors: [EXECUTION_ALREADY_EXISTS], resultPath: sfn.JsonPath.DISCARD });
    const parallel = new sfn.Parallel(c, id, {
      resultSelector: { 'results.$': '$[0].results' },
      resultPath: `$.results.${id}`,
      comment: this.task.description,
    });
    parallel.branch(run);
    applyRetryPolicy(parallel, this.task.retry);
    return parallel;
  }
}

/**
 * The execution name of a `workflow:` task's child: the task id (at most 40 characters) and the MD5
 * of the parent execution's ARN and the task id — the same for every attempt and redrive of one
 * parent execution, different for each task and parent. Execution names are at most 80
 * characters (StartExecution API reference): 40 + 1 + 32.
 */
function childExecutionName(taskId: string): string {
  return sfn.JsonPath.format(`${taskId.slice(0, 40)}-{}`, sfn.JsonPath.hash(sfn.JsonPath.format(`{}#${taskId}`, sfn.JsonPath.executionId), 'MD5'));
}
