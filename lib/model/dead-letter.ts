/**
 * The dead letter: one SQS message body per failed unit of work (see README "Failures"). Plain
 * module (no CDK, no SDK): the compiler (optional tasks' and tolerated items' letters, built in
 * ASL), the guard (every other letter, lib/model/guard-decision.ts), the local runner and
 * `dagstep dlq` all read it.
 */

/** The bounded snapshot of what a failed task worked on. */
export interface DeadLetterSnapshot {
  readonly input: unknown;
  readonly results: unknown;
}

/** What a fallback contributed: the fallback task and, when it failed too, its error. */
export interface DeadLetterFallback {
  readonly taskId: string;
  readonly error: string;
  readonly cause: string | null;
}

/** One dead letter (the SQS message body, as JSON). */
export interface DeadLetter {
  readonly workflow: string;
  /** ARN of the execution where the failure happened (child or root). */
  readonly executionId: string;
  /** ARN of the root execution (= executionId when not partitioned). */
  readonly rootExecutionId: string;
  /** task: a task (or dagstep state) that failed; execution: nothing failed at a task (timeout, abort); map-items: tolerated item failures. */
  readonly kind: 'task' | 'execution' | 'map-items';
  /** null only when an execution-level letter cannot name a task. */
  readonly taskId: string | null;
  readonly stateName: string | null;
  readonly error: string;
  readonly cause: string | null;
  /** true: an optional task; the execution went on. */
  readonly optional: boolean;
  readonly input: DeadLetterSnapshot | null;
  /** true: (part of) the input was cut; the full data is in GetExecutionHistory(executionId), state stateName. */
  readonly truncated: boolean;
  readonly fallback?: DeadLetterFallback;
  /**
   * map-items: indexes of the failed items of a Distributed Map that tolerates failures; null when
   * the map writes its results to S3 (then `failedItemsObject` lists them).
   */
  readonly failedItems?: readonly number[] | null;
  /** map-items of a map with a ResultWriter: `s3://` URL of the Map Run's manifest, whose FAILED result files list each failed item. */
  readonly failedItemsObject?: string | null;
  /**
   * A Distributed Map that failed (the guard's letter): its Map Run, which lists the failed child
   * executions (DescribeMapRun's counts; ListExecutions with this mapRunArn and statusFilter FAILED).
   */
  readonly mapRunArn?: string;
  readonly timestamp: string;
}

/** The fields every letter has, in the order a letter is written: the one list both builders follow. */
export const DEAD_LETTER_FIELDS = [
  'workflow', 'executionId', 'rootExecutionId', 'kind', 'taskId', 'stateName', 'error', 'cause', 'optional', 'input', 'truncated', 'timestamp',
] as const;
/** A field every letter has. */
export type DeadLetterField = (typeof DEAD_LETTER_FIELDS)[number];
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
/** Compile-time proof that DEAD_LETTER_FIELDS are exactly DeadLetter's required fields. */
export const DEAD_LETTER_FIELDS_COMPLETE: [Exclude<RequiredKeys<DeadLetter>, DeadLetterField>, Exclude<DeadLetterField,
  RequiredKeys<DeadLetter>>] extends [never, never] ? true : never = true;

/**
 * Most characters of one snapshot part (`input`, `results`) and of a cause a letter carries. Parts
 * over the limit are replaced by null and the letter says `truncated: true`. A letter stays under
 * ~16 KB, so it can neither push the state over 256 KB nor a Fail cause over its limit.
 */
export const SNAPSHOT_MAX_CHARS = 4096;
export const CAUSE_MAX_CHARS = 4096;

/**
 * Whether redriving the letter's (failed) execution re-runs the work the letter names. A letter
 * of a required task or of the execution does: the execution failed there, and a redrive
 * "continues the failed execution from the unsuccessful step" (API reference, RedriveExecution).
 * An optional task's letter and a tolerant map's failed items do not: the execution went on past
 * them, so no redrive re-runs them; `dagstep dlq` keeps such letters until they are discarded.
 */
export function recoveredByRedrive(letter: Pick<DeadLetter, 'kind' | 'optional'>): boolean {
  return letter.kind !== 'map-items' && !letter.optional;
}
