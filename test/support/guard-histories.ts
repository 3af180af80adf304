import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** Step Functions histories (GetExecutionHistory events) the guard and sweep tests read. */
const at = new Date(Date.UTC(2026, 0, 1, 0, 10));

/** a entered and exited, b entered (running) when the execution timed out. */
export const RUNNING_B: HistoryEvent[] = [
  { id: 1, type: 'ExecutionStarted', timestamp: at },
  { id: 2, previousEventId: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'a' }, timestamp: at },
  { id: 3, previousEventId: 2, type: 'TaskStateExited', stateExitedEventDetails: { name: 'a' }, timestamp: at },
  { id: 4, previousEventId: 3, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'b' }, timestamp: at },
  { id: 5, previousEventId: 4, type: 'TaskScheduled', timestamp: at },
  { id: 6, previousEventId: 5, type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' }, timestamp: at },
];

/** Two Parallel branches whose tasks b and c failed together (events interleaved, as on AWS). */
export const TWO_BRANCHES: HistoryEvent[] = [
  { id: 1, type: 'ExecutionStarted', timestamp: at },
  { id: 2, previousEventId: 1, type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'dagstep.parallel.1' }, timestamp: at },
  { id: 3, previousEventId: 2, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'b', input: '{"input":{"day":"d"},"results":{}}' }, timestamp: at },
  { id: 4, previousEventId: 2, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'c', input: '{"input":{"day":"d"},"results":{}}' }, timestamp: at },
  { id: 5, previousEventId: 3, type: 'TaskScheduled', timestamp: at },
  { id: 6, previousEventId: 4, type: 'TaskScheduled', timestamp: at },
  { id: 7, previousEventId: 5, type: 'TaskStarted', timestamp: at },
  { id: 8, previousEventId: 6, type: 'TaskStarted', timestamp: at },
  { id: 9, previousEventId: 7, type: 'TaskFailed', taskFailedEventDetails: { resource: 'invoke', resourceType: 'lambda', error: 'Error', cause: 'b broke' }, timestamp: at },
  { id: 10, previousEventId: 8, type: 'TaskFailed', taskFailedEventDetails: { resource: 'invoke', resourceType: 'lambda', error: 'Error', cause: 'c broke' }, timestamp: at },
  { id: 11, previousEventId: 10, type: 'ParallelStateFailed', timestamp: at },
  { id: 12, previousEventId: 11, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Error', cause: 'b broke' }, timestamp: at },
];

/** The `kind: "task"` letter TWO_BRANCHES owes for `taskId` (b or c) of execution `arn`, stamped `timestamp`. */
export const branchLetter = (arn: string, taskId: string, timestamp: string) => ({
  workflow: 'wf', executionId: arn, rootExecutionId: arn, kind: 'task', taskId, stateName: taskId, error: 'Error', cause: `${taskId} broke`,
  optional: false, input: { input: { day: 'd' }, results: {} }, truncated: false, timestamp,
});

/** The execution letter RUNNING_B owes (execution `arn`, stamped `timestamp`). */
export const timedOutLetter = (arn: string, timestamp: string) => ({
  workflow: 'wf', executionId: arn, rootExecutionId: arn, kind: 'execution', taskId: 'b', stateName: 'b',
  error: 'States.Timeout', cause: null, optional: false, input: null, truncated: true, timestamp,
});
