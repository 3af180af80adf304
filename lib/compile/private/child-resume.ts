import { Arn, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { COORDINATION_CALL_TIMEOUT_SECONDS } from '../cross-edges';

/** Seconds between two DescribeExecution polls of a redriven child. */
export const CHILD_REDRIVE_POLL_SECONDS = 10;

/** The error a deterministic-named StartExecution raises when that child exists already and is closed. */
export const EXECUTION_ALREADY_EXISTS = 'StepFunctions.ExecutionAlreadyExistsException';

/** What resuming an existing child execution needs. */
export interface ChildResumeProps {
  /** The child's state machine (its name makes the child's execution ARN). */
  readonly machine: sfn.IStateMachine;
  /** The child execution's deterministic name (a JSONPath intrinsic, the same the start used). */
  readonly executionName: string;
  /** The name of each resume state, from its role (`locate`, `redrive`, `wait`, `describe`, `status`, `output`). */
  readonly stateName: (what: string) => string;
}

/** The resume states: enter at `locate`; `status` is the Choice to finish with {@link ChildResumeStates.finish}. */
export interface ChildResumeStates {
  readonly locate: sfn.Pass;
  readonly redrive: tasks.CallAwsService;
  readonly wait: sfn.Wait;
  /**
   * Ends the loop: RUNNING / PENDING_REDRIVE poll again, SUCCEEDED goes through `output`
   * (`$.childRun.out` = the child's output, parsed) to `succeeded`, anything else to `failed`
   * (the state has `$.childRun` with `arn`, `Status`, `Error`, `Cause`).
   */
  finish(succeeded: sfn.IChainable, failed: sfn.IChainable): void;
}

/**
 * Resume a child execution that exists already instead of starting it over: a child started with
 * a deterministic name raises ExecutionAlreadyExists when the parent's state runs again (a retry,
 * or a redrive of the parent) and the child is closed. StartExecution documents exactly this: "If
 * StartExecution is called with the same name and input as a running execution, the call succeeds
 * and return the same response as the original request. If the execution is closed or if the input
 * is different, it returns a 400 ExecutionAlreadyExists error"
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 *
 * So the parent redrives that child (RedriveExecution: only its failed states run again), polls it
 * with DescribeExecution to its end and takes its output. A child that cannot be redriven (it
 * SUCCEEDED, or it is past its redrive window: Sfn.ExecutionNotRedrivableException) is described
 * as it is. A child is redriven at most once per pass through `locate` and redrive of the parent
 * (`$$.Execution.RedriveCount` in `childRun.redrivenAt`): a second try within one pass raises.
 */
export function childResumeStates(scope: Construct, p: ChildResumeProps): ChildResumeStates {
  const machineName = p.machine instanceof sfn.StateMachine ? p.machine.stateMachineName
    : Arn.split(p.machine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName!;
  const stack = Stack.of(scope);
  const childArn = sfn.JsonPath.format('{}:{}', stack.formatArn({
    service: 'states', resource: 'execution', resourceName: machineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  }), p.executionName);
  const executions = stack.formatArn({
    service: 'states', resource: 'execution', resourceName: `${machineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const locate = new sfn.Pass(scope, p.stateName('locate'), {
    comment: 'dagstep: the child exists already (this state ran before): resume that child',
    parameters: { arn: childArn },
    resultPath: '$.childRun',
  });
  const run = '$states.input.childRun';
  const tried = `{% $merge([$states.input, {"childRun": {"arn": ${run}.arn, "redrivenAt": $states.context.Execution.RedriveCount}}]) %}`;
  const redrive = tasks.CallAwsService.jsonata(scope, p.stateName('redrive'), {
    comment: 'dagstep: redrive the child (only its failed states run again), once per pass',
    service: 'sfn', action: 'redriveExecution', iamAction: 'states:RedriveExecution', iamResources: [executions],
    parameters: {
      ExecutionArn: `{% $states.context.Execution.RedriveCount > ($exists(${run}.redrivenAt) ? ${run}.redrivenAt : -1) ? ${run}.arn : `
        + `$error("the child execution " & ${run}.arn & " failed again after its redrive (" & $string(${run}.Error) & "); redrive this execution to redrive the child again") %}`,
    },
    outputs: tried,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(COORDINATION_CALL_TIMEOUT_SECONDS)),
  });
  const wait = new sfn.Wait(scope, p.stateName('wait'), { time: sfn.WaitTime.duration(Duration.seconds(CHILD_REDRIVE_POLL_SECONDS)) });
  // JSONata: of the description keep only what is needed (Output/Error/Cause exist only in some statuses).
  const describe = tasks.CallAwsService.jsonata(scope, p.stateName('describe'), {
    service: 'sfn', action: 'describeExecution', iamAction: 'states:DescribeExecution', iamResources: [executions],
    parameters: { ExecutionArn: `{% ${run}.arn %}` },
    taskTimeout: sfn.Timeout.duration(Duration.seconds(COORDINATION_CALL_TIMEOUT_SECONDS)),
    outputs: `{% $merge([$states.input, {"childRun": {"arn": ${run}.arn, "redrivenAt": ${run}.redrivenAt, "Status": $states.result.Status, "Output": $states.result.Output, "Error": $states.result.Error, "Cause": $states.result.Cause}}]) %}`,
  });
  for (const s of [redrive, describe]) {
    s.addRetry({ errors: ['Sfn.ThrottlingException', 'Sfn.SfnException'], interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2, maxDelay: Duration.seconds(30), jitterStrategy: sfn.JitterType.FULL });
  }
  // A JSONata state's Catch sets the state with Output (ResultPath does not exist there). A child
  // that cannot be redriven counts as this pass's try: a failed one then raises instead of polling on.
  redrive.addCatch(wait, { errors: ['Sfn.ExecutionNotRedrivableException'], outputs: tried });
  redrive.next(wait);
  wait.next(describe);
  locate.next(redrive);
  const output = new sfn.Pass(scope, p.stateName('output'), {
    parameters: { 'out.$': 'States.StringToJson($.childRun.Output)' },
    resultPath: '$.childRun',
  });
  return {
    locate, redrive, wait,
    finish(succeeded, failed) {
      describe.next(new sfn.Choice(scope, p.stateName('status'))
        .when(sfn.Condition.or(sfn.Condition.stringEquals('$.childRun.Status', 'RUNNING'), sfn.Condition.stringEquals('$.childRun.Status', 'PENDING_REDRIVE')), wait)
        .when(sfn.Condition.stringEquals('$.childRun.Status', 'SUCCEEDED'), output.next(succeeded))
        .otherwise(failed));
    },
  };
}
