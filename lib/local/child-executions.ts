import { StatesError } from './errors';
import type { Json } from './types';

/*
 * Child executions by name, as Step Functions keeps them:
 * - StartExecution (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html):
 *   "If StartExecution is called with the same name and input as a running execution, the call
 *   succeeds and return the same response as the original request. If the execution is closed or if
 *   the input is different, it returns a 400 ExecutionAlreadyExists error." The optimized
 *   startExecution integration raises it as StepFunctions.ExecutionAlreadyExistsException.
 * - RedriveExecution (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html):
 *   only a FAILED, TIMED_OUT or ABORTED execution can be redriven (ExecutionNotRedrivable otherwise,
 *   Sfn.ExecutionNotRedrivableException through the AWS SDK integration); an execution that ended on
 *   the history event limit is not redrivable.
 * A local child runs to its end within its parent's start call, so a name seen again is always a
 * closed execution.
 */

/** What the registry keeps of one child execution. */
export interface ChildRun<R> {
  /** What the child runs: its machine (the key in RunOptions.childMachines), or a child workflow's spec. */
  readonly machineArn: string;
  /** The child's last run (the original one, or its latest redrive). */
  result: R;
}

/** The fields of a run result the registry reads. */
interface RunLike {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly executionId: string;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  readonly stoppedBy?: string;
  readonly stateMachineArn?: string;
  readonly children?: readonly RunLike[];
}

/** The name of an execution from its ARN (the ARN's last field; any placeholder before it is ignored). */
export function executionNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/**
 * The child executions of one root execution, across its redrives: started by name, redriven and
 * described by ARN (only the name counts: the ARN a definition builds holds CloudFormation
 * placeholders locally).
 */
export class ChildExecutions<R extends RunLike> {
  private readonly byName = new Map<string, ChildRun<R>>();

  /** The registry of a run to redrive: its children and theirs, each with its latest result. */
  static of<R extends RunLike>(previous?: R): ChildExecutions<R> {
    const registry = new ChildExecutions<R>();
    const walk = (children: readonly RunLike[] | undefined) => {
      for (const c of children ?? []) {
        if (c.stateMachineArn !== undefined) registry.byName.set(executionNameOf(c.executionId), { machineArn: c.stateMachineArn, result: c as R });
        walk(c.children);
      }
    };
    walk(previous?.children);
    return registry;
  }

  /** Throws ExecutionAlreadyExists when a child of that name ran before (it is closed). */
  checkNew(name: string, stateName: string): void {
    const existing = this.byName.get(name);
    if (existing) throw executionAlreadyExists(existing.result.executionId, stateName);
  }

  record(name: string, machineArn: string, result: R): void {
    this.byName.set(name, { machineArn, result });
  }

  /** The child an ARN names, for RedriveExecution (`Sfn.ExecutionDoesNotExistException` if none). */
  redrivable(arn: string): ChildRun<R> {
    const run = this.find(arn);
    checkRedrivable(run.result);
    return run;
  }

  /** DescribeExecution of a child. */
  describe(arn: string): Record<string, unknown> {
    return describeRun(this.find(arn).result);
  }

  private find(arn: string): ChildRun<R> {
    const run = this.byName.get(executionNameOf(String(arn)));
    if (!run) throw executionDoesNotExist(arn);
    return run;
  }
}

/** DescribeExecution / RedriveExecution of a name never started. */
function executionDoesNotExist(arn: string): StatesError {
  return new StatesError('Sfn.ExecutionDoesNotExistException', `Execution Does Not Exist: '${arn}'`);
}

/** StartExecution of a name started before (closed: a local child always is by then). */
function executionAlreadyExists(arn: string, stateName: string): StatesError {
  return new StatesError('StepFunctions.ExecutionAlreadyExistsException', `Execution Already Exists: '${arn}' (state ${stateName})`);
}

/** DescribeExecution of a run: Status, and Output (JSON text) / Error / Cause when it has them. */
function describeRun(r: RunLike): Record<string, unknown> {
  return {
    ExecutionArn: r.executionId,
    Status: r.status,
    ...(r.status === 'SUCCEEDED' ? { Output: JSON.stringify(r.output ?? null) } : {}),
    ...(r.error !== undefined ? { Error: r.error } : {}),
    ...(r.cause !== undefined ? { Cause: r.cause } : {}),
  };
}

/** RedriveExecution refused: a SUCCEEDED run, or one that ended on the history event limit. */
function checkRedrivable(r: RunLike): void {
  if (r.status === 'SUCCEEDED') throw notRedrivable(r.executionId, 'Execution is SUCCEEDED and cannot be redriven');
  if (r.stoppedBy === 'HistoryQuota') throw notRedrivable(r.executionId, 'Execution history event limit exceeded');
}

function notRedrivable(arn: string, reason: string): StatesError {
  return new StatesError('Sfn.ExecutionNotRedrivableException', `Execution ${arn} cannot be redriven: ${reason}`);
}
