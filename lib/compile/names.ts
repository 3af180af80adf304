/**
 * State names. Task states are named exactly their task id; every state dagstep adds has a `.` in
 * its name, which task ids cannot contain, so the two never collide. The prefixes others read
 * (the guard, the CLI) are the contract in lib/model/state-names.ts.
 */
import { STATE_PREFIX } from '../model/state-names';

export const INIT_STATE = 'dagstep.init';
export const OUTPUT_STATE = 'dagstep.output';

export const parallelStateName = (n: number): string => `${STATE_PREFIX.parallel}${n}`;
export const childStateName = (n: number): string => `${STATE_PREFIX.child}${n}`;
/** A dagstep state of child-execution step `n` (`dagstep.child.<n>.<what>`). */
export const childStepStateName = (n: number, what: string): string => `${STATE_PREFIX.child}${n}.${what}`;
export const taskFailedStateName = (taskId: string): string => `${taskId}.failed`;
export const taskRecordedStateName = (taskId: string): string => `${taskId}.recorded`;
export const taskDeadLetterStateName = (taskId: string): string => `${taskId}.deadLetter`;
/** The Pass recording that a fallback rescued its primary (a log line; the FallbackRescued metric counts it). */
export const taskRescuedStateName = (taskId: string): string => `${taskId}.rescued`;
/** States checking a tolerant Distributed Map for failed items. */
export const mapItemsCheckStateName = (taskId: string): string => `${taskId}.failedItems`;
export const mapItemStateName = (taskId: string): string => `${taskId}.item`;

/** The key under the state where a Parallel's collected results are kept. */
export const parallelResultKey = (n: number): string => `parallel${n}`;

/** CloudFormation stack name of a workflow (stack names allow no `_`). */
export const stackName = (workflow: string): string => `Dagstep-${workflow.replace(/_/g, '-')}`;
/** The startExecution state inside a `workflow:` task (the task's Parallel rethrows its child's error). */
export const workflowRunStateName = (taskId: string): string => `${taskId}.run`;
