/**
 * State names. Task states are named exactly their task id; every state dagstep adds has a `.` in
 * its name, which task ids cannot contain, so the two never collide.
 */
export const INIT_STATE = 'dagstep.init';
export const OUTPUT_STATE = 'dagstep.output';

export const parallelStateName = (n: number): string => `dagstep.parallel.${n}`;
export const childStateName = (n: number): string => `dagstep.child.${n}`;
export const deadLetterStateName = (n: number): string => `dagstep.deadLetter.${n}`;
export const failStateName = (n: number): string => `dagstep.fail.${n}`;
/** The Fail a dead-letter send goes to when it still fails after its retries (the guard delivers). */
export const undeliverableStateName = (n: number): string => `dagstep.undeliverable.${n}`;
/** The Fail that re-raises a failed child execution's own error (the child accounts for the letter). */
export const childFailedStateName = (n: number): string => `dagstep.childFailed.${n}`;
/** A dagstep state of child-execution step `n` (`dagstep.child.<n>.<what>`). */
export const childStepStateName = (n: number, what: string): string => `dagstep.child.${n}.${what}`;
export const taskFailedStateName = (taskId: string): string => `${taskId}.failed`;
export const taskRecordedStateName = (taskId: string): string => `${taskId}.recorded`;
export const taskDeadLetterStateName = (taskId: string): string => `${taskId}.deadLetter`;
/** The Pass recording that a fallback rescued its primary (a log line; the FallbackRescued metric counts it). */
export const taskRescuedStateName = (taskId: string): string => `${taskId}.rescued`;
/** The Pass adding the fallback's own failure to the primary's letter. */
export const taskFallbackFailedStateName = (taskId: string): string => `${taskId}.fallbackFailed`;
/** States checking a tolerant Distributed Map for failed items. */
export const mapItemsCheckStateName = (taskId: string): string => `${taskId}.failedItems`;
export const mapItemStateName = (taskId: string): string => `${taskId}.item`;

/** The key under the state where a Parallel's collected results are kept. */
export const parallelResultKey = (n: number): string => `parallel${n}`;

/** CloudFormation stack name of a workflow (stack names allow no `_`). */
export const stackName = (workflow: string): string => `Dagstep-${workflow.replace(/_/g, '-')}`;
/** The startExecution state inside a `workflow:` task (the task's Parallel rethrows its child's error). */
export const workflowRunStateName = (taskId: string): string => `${taskId}.run`;
