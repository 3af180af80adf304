import type { MapConfig, TaskModel } from '../model/types';
import { worstCaseSeconds } from './retry';
import { taskTimeoutSeconds } from './timeouts';

/**
 * How a Distributed Map's child executions run. Express children are cheaper and write no
 * execution history, but an Express execution lasts at most 5 minutes ("Quotas for Express
 * Workflows": maximum execution time 5 minutes) and runs at least once (asynchronous) or at most
 * once (synchronous), never exactly once ("Execution guarantees",
 * https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html).
 * So the rule: EXPRESS when one child's worst case (every attempt times out, every retry waits its
 * longest) fits in 300 s and the task is idempotent or declares `sideEffects: none`; else STANDARD
 * (exactly once, up to a year). `map.childExecution` overrides it.
 */
export const EXPRESS_MAX_SECONDS = 300;

/** Worst-case seconds of one child execution of a map task (one item or one batch). */
export function childWorstCaseSeconds(task: TaskModel): number {
  return worstCaseSeconds(taskTimeoutSeconds(task), task.retry);
}

/** The child execution type of a Distributed Map task (see {@link EXPRESS_MAX_SECONDS}). */
export function childExecutionType(task: TaskModel): 'STANDARD' | 'EXPRESS' {
  if (task.map?.childExecution) return task.map.childExecution;
  const repeatable = task.idempotent === true || task.sideEffects === 'none';
  return repeatable && childWorstCaseSeconds(task) <= EXPRESS_MAX_SECONDS ? 'EXPRESS' : 'STANDARD';
}

/** True when the map's results are written to S3 (ResultWriter) rather than kept in the state. */
export function writesResults(map: MapConfig): boolean {
  return map.mode === 'distributed' && map.resultWriter !== false;
}

/** The number of items a map is known to get: maxItems caps expectedItems; undefined when unknown. */
export function knownMapItems(map: MapConfig): number | undefined {
  if (map.expectedItems !== undefined) return map.maxItems !== undefined ? Math.min(map.expectedItems, map.maxItems) : map.expectedItems;
  return map.maxItems;
}
