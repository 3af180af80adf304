import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { resultsParameters, Scope } from '../data-flow';
import { workflowRunStateName } from '../names';
import { applyRetryPolicy } from '../retry';
import { TaskKind } from './task-kind';

/**
 * `workflow: <name or spec path>`: another dagstep workflow run as this task
 * (`states:startExecution.sync:2`, linked to this execution). Its input is `{input, results}` (this
 * execution's input and the task's dependencies' results) and the task's result is the child's
 * output `{results}`.
 *
 * Its failures surface as this task's error: a failed child makes the call fail with
 * `States.TaskFailed` and a Cause holding the child's DescribeExecution; the task is a Parallel
 * around the call whose branch parses that Cause and fails with the child's own Error and Cause,
 * so this task's Retry, Catch, dead letter and the execution's error all see what really failed.
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
      input: sfn.TaskInput.fromObject({ 'input.$': '$.input', results: resultsParameters(scope, this.task.dependsOn) }),
      resultSelector: { 'results.$': '$.Output.results' },
      ...this.callProps(),
    });
    const parsed = new sfn.Pass(c, `${id}.childError`, {
      comment: 'dagstep: the Cause of a failed child execution is its DescribeExecution, as JSON',
      parameters: { 'Error.$': '$.Error', 'Cause.$': '$.Cause', 'child.$': 'States.StringToJson($.Cause)' },
    });
    const rethrow = new sfn.Fail(c, `${id}.childFailed`, { errorPath: '$.child.Error', causePath: '$.child.Cause' });
    const asIs = new sfn.Fail(c, `${id}.callFailed`, { errorPath: '$.Error', causePath: '$.Cause' });
    const which = new sfn.Choice(c, `${id}.whichError`)
      .when(sfn.Condition.and(sfn.Condition.isPresent('$.child.Error'), sfn.Condition.isPresent('$.child.Cause')), rethrow)
      .otherwise(asIs);
    const isChild = new sfn.Choice(c, `${id}.isChildFailure`)
      .when(sfn.Condition.stringEquals('$.Error', 'States.TaskFailed'), parsed.next(which))
      .otherwise(asIs);
    run.addCatch(isChild, { errors: ['States.ALL'] });
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
