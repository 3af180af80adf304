import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DAGSTEP_ERRORS, RESULT_REF_KEY } from '../model/contract';
import { CAUSE_MAX_CHARS, DEAD_LETTER_FIELDS, DeadLetterField, SNAPSHOT_MAX_CHARS } from '../model/dead-letter';
import type { TaskModel } from '../model/types';
import { Scope } from './data-flow';
import { mapItemsCheckStateName, taskDeadLetterStateName, taskFailedStateName, taskRecordedStateName } from './names';

/** Where a Catch puts the error (`{ Error, Cause }`) in the state. */
export const FAILURE_PATH = '$.failure';
/** Where the `<task>.failed` state puts the dead letter it prepares (the exact SQS message body). */
export const DEAD_LETTER_PATH = '$.deadLetter';
/** Where a dead-letter send's Catch puts the SQS error. */
export const SEND_FAILURE_PATH = '$.sendFailure';

/**
 * Catches every error of `state` after its retries into `handler`: `States.ALL`, plus
 * `States.DataLimitExceeded` named on its own, since Step Functions' States.ALL does not match it
 * (where Step Functions still does not let it be caught, the execution fails and the guard letters it).
 */
export function catchFailure(state: { addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown },
  handler: sfn.IChainable, resultPath: string): void {
  state.addCatch(handler, { errors: ['States.DataLimitExceeded'], resultPath });
  state.addCatch(handler, { errors: ['States.ALL'], resultPath });
}

/** A letter other than a task's: its kind, JSONata error and cause, extra fields. */
export interface LetterKind {
  readonly kind: 'task' | 'map-items';
  readonly error?: string;
  readonly cause?: string;
  readonly more?: readonly string[];
}

/** What one letter is about. */
export interface LetterSubject {
  /** The task that failed, or null for a state that runs no task (a child-execution start). */
  readonly taskId: string | null;
  readonly stateName: string;
  readonly optional: boolean;
  /** JSONPath of each dependency result the task worked on, for the snapshot. */
  readonly results: Readonly<Record<string, string>>;
}

/**
 * The dead letters the definition itself sends: exactly one letter per failed unit of work
 * (README "Failures") is split between the definition and the guard.
 *
 * A required task's failure is not caught: the execution fails at the task, which a redrive
 * re-runs, and the guard (lib/model/guard-decision.ts) letters it from the history. What the
 * definition sends is what a redrive cannot re-run because the execution goes on: an optional
 * task's failure and a tolerant Distributed Map's failed items. Those catch `States.ALL` into a
 * JSONata Pass that builds the whole letter at `$.deadLetter` (the snapshot of input and
 * dependency results kept only when small, see SNAPSHOT_MAX_CHARS, so the state never grows past
 * 256 KB), send it, and go on. A send that still fails after its retries goes to a Fail
 * `dagstep.DeadLetterUndeliverable` whose cause is the letter: the guard sends it.
 */
export class DeadLetterRouter {
  /** `child`: the states belong to a child state machine (the root execution comes in its input). */
  constructor(
    private readonly scope: Construct,
    private readonly workflowName: string,
    private readonly queue: sqs.IQueue,
    private readonly child = false,
  ) {}

  /**
   * What a task's failure (after its retries) does:
   * - a required task: nothing is caught. The execution fails at the task itself, the state a
   *   redrive re-runs (README "Why required failures stay uncaught"); its letter comes from the
   *   guard, which reads the failure from the history. Returns no extra states;
   * - a fallback (`onFailure`): the failure is caught into `<task>.failed`, which prepares the
   *   primary's letter at `$.deadLetter`, and the fallback runs; when the fallback fails too it is
   *   not caught either, and the guard's letter is the prepared one plus the fallback's error;
   * - an optional task: caught into its own letter, sent from the definition, and the workflow goes on.
   * Returns the extra states the workflow continues from (optional task, fallback).
   */
  attach(state: sfn.TaskStateBase | sfn.Map | sfn.DistributedMap, task: TaskModel, scope: Scope,
    onFailure?: (failed: sfn.Pass) => sfn.INextable[]): sfn.INextable[] {
    if (!task.optional && !onFailure) return [];
    const failed = this.letter(taskFailedStateName(task.id), subjectOf(task, scope));
    catchFailure(state, failed, FAILURE_PATH);
    if (onFailure) return onFailure(failed);
    return this.route(failed, task);
  }

  /**
   * The rest of an optional task's prepared letter: its own send + `<task>.recorded` (returned:
   * the workflow goes on).
   */
  route(prepared: sfn.INextable, task: TaskModel): sfn.INextable[] {
    const send = this.sendMessage(taskDeadLetterStateName(task.id), `${task.id}.undeliverable`);
    const recorded = new sfn.Pass(this.scope, taskRecordedStateName(task.id), {
      parameters: { failed: true, 'error.$': `${DEAD_LETTER_PATH}.error`, 'cause.$': `${DEAD_LETTER_PATH}.cause` },
      resultPath: `$.results.${task.id}`,
    });
    prepared.next(send);
    send.next(recorded);
    return [recorded];
  }

  /**
   * A JSONata Pass that adds the letter at `$.deadLetter`, from the Catch output at `$.failure`:
   * `{workflow, executionId, rootExecutionId, kind: "task", taskId, stateName, error, cause,
   * optional, input: {input, results}, truncated, timestamp}`. Each snapshot part over
   * SNAPSHOT_MAX_CHARS is null and `truncated` is true; the cause is cut at CAUSE_MAX_CHARS.
   */
  letter(id: string, subject: LetterSubject, kind?: LetterKind): sfn.Pass {
    const results = Object.entries(subject.results).map(([taskId, path]) => `${JSON.stringify(taskId)}: ${jsonataPath(path)}`).join(', ');
    // One JSONata expression per field of the letter's one shape (lib/model/dead-letter.ts).
    const fields: Record<DeadLetterField, string> = {
      workflow: JSON.stringify(this.workflowName),
      executionId: '$states.context.Execution.Id',
      rootExecutionId: this.child ? '$states.context.Execution.Input.rootExecutionId' : '$states.context.Execution.Id',
      kind: JSON.stringify(kind?.kind ?? 'task'),
      taskId: JSON.stringify(subject.taskId),
      stateName: JSON.stringify(subject.stateName),
      error: kind?.error ?? '$in.failure.Error',
      cause: kind?.cause ?? `$exists($c) and $c != null ? $substring($string($c), 0, ${CAUSE_MAX_CHARS}) : null`,
      optional: String(subject.optional),
      input: '{"input": $small($i) ? ($exists($i) ? $i : null) : null, "results": $small($r) ? $r : null}',
      truncated: '$not($small($i) and $small($r))',
      timestamp: '$states.context.State.EnteredTime',
    };
    const expr = [
      `$in := $states.input`,
      `$small := function($v) { $not($exists($v)) or $length($string($v)) <= ${SNAPSHOT_MAX_CHARS} }`,
      `$i := $in.input`,
      `$r := {${results}}`,
      `$c := $in.failure.Cause`,
      `$merge([$in, {"deadLetter": {${[
        ...DEAD_LETTER_FIELDS.map((f) => `"${f}": ${fields[f]}`),
        ...(kind?.more ?? []),
      ].join(', ')}}}])`,
    ].join('; ');
    return sfn.Pass.jsonata(this.scope, id, {
      comment: `dagstep: prepares the dead letter of ${subject.taskId === null ? subject.stateName : `"${subject.taskId}"`} (input kept only when small)`,
      outputs: `{% (${expr}) %}`,
    });
  }

  /**
   * After a Distributed Map that tolerates failed items: `<task>.failedItems` lists the indexes of
   * items that failed (their result is an `{Error, Cause}` object; a `null` result is a handler
   * that returned nothing, which succeeded); when there are any, one `kind: "map-items"` letter
   * names them all, and the workflow goes on. A map that writes its results to S3 counts them
   * with DescribeMapRun instead (`ItemCounts`, Step Functions API reference "DescribeMapRun"), and
   * its letter names the object that lists the failed items (`failedItemsObject`, the ResultWriter
   * manifest, whose `ResultFiles.FAILED` files hold each failed child's input and error). Returns
   * the states the workflow continues from.
   */
  failedItems(map: sfn.DistributedMap, task: TaskModel, scope: Scope, written = false): sfn.INextable[] {
    const results = jsonataPath(`$.results.${task.id}`);
    const letter = written ? this.letter(`${task.id}.itemsFailed`, subjectOf(task, scope), {
      kind: 'map-items',
      error: `"${DAGSTEP_ERRORS.mapItemsFailed}"`,
      cause: `$exists(${results}.counts) ? ($string(${results}.counts.failed) & " of " & $string(${results}.counts.total) & " items failed (tolerated)") : "items failed (tolerated); DescribeMapRun could not count them"`,
      more: ['"failedItems": null', `"failedItemsObject": ${results}."${RESULT_REF_KEY}"`],
    }) : this.letter(`${task.id}.itemsFailed`, subjectOf(task, scope), {
      kind: 'map-items',
      error: `"${DAGSTEP_ERRORS.mapItemsFailed}"`,
      cause: `$string($count($in.failedItems)) & " of " & $string($count(${results})) & " items failed (tolerated)"`,
      more: ['"failedItems": $in.failedItems'],
    });
    const list = written ? this.countMapRun(task, letter) : sfn.Pass.jsonata(this.scope, mapItemsCheckStateName(task.id), {
      comment: 'dagstep: indexes of the items that failed within the tolerated percentage',
      outputs: `{% ($f := $append([], $filter($map(${results}, function($v, $i) { ($exists($v.Error) and $exists($v.Cause)) ? $i : -1 }), function($x) { $x >= 0 })); $merge([$states.input, {"failedItems": $f, "failedItemCount": $count($f)}])) %}`,
    });
    map.next(list);
    const send = this.sendMessage(`${task.id}.itemsDeadLetter`, `${task.id}.itemsUndeliverable`);
    letter.next(send);
    const none = new sfn.Pass(this.scope, `${task.id}.noFailedItems`);
    list.next(new sfn.Choice(this.scope, `${task.id}.anyFailedItems`)
      .when(written ? sfn.Condition.numberGreaterThan(`$.results.${task.id}.counts.failed`, 0) : sfn.Condition.numberGreaterThan('$.failedItemCount', 0), letter)
      .otherwise(none));
    return [send, none];
  }

  /**
   * `<task>.failedItems` of a map that wrote its results: DescribeMapRun's item counts at
   * `$.results.<task>.counts` (`{failed, total}`: failed, timed out and aborted count as failed).
   * If it cannot answer, the letter is sent anyway (it names the manifest): never silence.
   */
  private countMapRun(task: TaskModel, letter: sfn.Pass): tasks.CallAwsService {
    const count = new tasks.CallAwsService(this.scope, mapItemsCheckStateName(task.id), {
      comment: 'dagstep: counts the items that failed within the tolerated percentage',
      service: 'sfn', action: 'describeMapRun', iamAction: 'states:DescribeMapRun',
      iamResources: [Stack.of(this.scope).formatArn({ service: 'states', resource: 'mapRun', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      parameters: { 'MapRunArn.$': `$.results.${task.id}.mapRunArn` },
      resultSelector: {
        'failed.$': 'States.MathAdd(States.MathAdd($.ItemCounts.Failed, $.ItemCounts.TimedOut), $.ItemCounts.Aborted)',
        'total.$': '$.ItemCounts.Total',
      },
      resultPath: `$.results.${task.id}.counts`,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    });
    count.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(1), maxAttempts: 5, backoffRate: 2, maxDelay: Duration.seconds(20), jitterStrategy: sfn.JitterType.FULL });
    count.addCatch(letter, { errors: ['States.ALL'], resultPath: FAILURE_PATH });
    return count;
  }

  /**
   * Sends `$.deadLetter` (it is the exact message body), retried for 8 attempts; after that, the
   * Catch goes to a Fail whose cause carries the letter, for the guard to deliver.
   */
  private sendMessage(name: string, undeliverableName: string): tasks.SqsSendMessage {
    const send = new tasks.SqsSendMessage(this.scope, name, {
      queue: this.queue,
      messageBody: sfn.TaskInput.fromJsonPathAt(DEAD_LETTER_PATH),
      resultPath: sfn.JsonPath.DISCARD,
    });
    // Sending the dead letter must survive SQS throttling and blips: nothing may be lost here.
    send.addRetry({
      errors: ['States.ALL'], interval: Duration.seconds(1), maxAttempts: 8, backoffRate: 2,
      maxDelay: Duration.seconds(30), jitterStrategy: sfn.JitterType.FULL,
    });
    const undeliverable = sfn.Fail.jsonata(this.scope, undeliverableName, {
      comment: 'dagstep: the dead letter could not be sent; the execution-status guard sends this cause (the letter)',
      error: DAGSTEP_ERRORS.deadLetterUndeliverable,
      cause: '{% $string($states.input.deadLetter) %}',
    });
    send.addCatch(undeliverable, { errors: ['States.ALL'], resultPath: SEND_FAILURE_PATH });
    return send;
  }
}

/** What a task's letter is about: the task, its state, its dependencies' results in `scope`. */
export function subjectOf(task: TaskModel, scope: Scope): LetterSubject {
  const results: Record<string, string> = {};
  for (const d of task.dependsOn) results[d] = scope.require(d);
  return { taskId: task.id, stateName: task.id, optional: task.optional === true, results };
}

/** `$.a.b-c` (JSONPath into the state) → `$states.input.\`a\`.\`b-c\`` (JSONata). */
export function jsonataPath(path: string): string {
  if (!/^\$(\.[A-Za-z0-9_-]+)*$/.test(path)) throw new Error(`internal: cannot express ${path} in JSONata`);
  return ['$states.input', ...path.split('.').slice(1).map((s) => `\`${s}\``)].join('.');
}
