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
export const taskFailedStateName = (taskId: string): string => `${taskId}.failed`;
export const taskRecordedStateName = (taskId: string): string => `${taskId}.recorded`;
export const taskDeadLetterStateName = (taskId: string): string => `${taskId}.deadLetter`;
export const mapItemStateName = (taskId: string): string => `${taskId}.item`;

/** The key under the state where a Parallel's collected results are kept. */
export const parallelResultKey = (n: number): string => `parallel${n}`;

/** CloudFormation stack name of a workflow (stack names allow no `_`). */
export const stackName = (workflow: string): string => `Dagstep-${workflow.replace(/_/g, '-')}`;
/** The startExecution state inside a `workflow:` task (the task's Parallel rethrows its child's error). */
export const workflowRunStateName = (taskId: string): string => `${taskId}.run`;
