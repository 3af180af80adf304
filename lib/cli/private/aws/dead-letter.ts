import type { DeadLetter } from '../../../model/dead-letter';

/**
 * A dead letter as the state machine (or the dead-letter guard) sends it: the one shape in
 * lib/model/dead-letter.ts. Old letters (before `kind` / `rootExecutionId`) are read as
 * `kind: "task"` with the root being the execution itself.
 */
export type { DeadLetter } from '../../../model/dead-letter';

const KINDS = new Set(['task', 'execution', 'map-items']);

/** The dead letter in a message body (old shape normalised), or undefined when it is not one. */
export function parseDeadLetter(body: string | undefined): DeadLetter | undefined {
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(body ?? '') as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!d || typeof d !== 'object' || typeof d.executionId !== 'string') return undefined;
  const kind = d.kind ?? 'task';
  if (typeof kind !== 'string' || !KINDS.has(kind)) return undefined;
  if (kind === 'task' && typeof d.taskId !== 'string' && typeof d.stateName !== 'string') return undefined;
  const input = d.input as DeadLetter['input'] | undefined;
  if (input !== null && input !== undefined && (typeof input !== 'object' || !('input' in input))) return undefined;
  return {
    ...(d as object),
    workflow: typeof d.workflow === 'string' ? d.workflow : '',
    executionId: d.executionId,
    rootExecutionId: typeof d.rootExecutionId === 'string' ? d.rootExecutionId : d.executionId,
    kind: kind as DeadLetter['kind'],
    taskId: typeof d.taskId === 'string' ? d.taskId : null,
    stateName: typeof d.stateName === 'string' ? d.stateName : null,
    error: typeof d.error === 'string' ? d.error : '',
    cause: typeof d.cause === 'string' ? d.cause : null,
    optional: d.optional === true,
    input: input ?? null,
    truncated: d.truncated === true,
    timestamp: typeof d.timestamp === 'string' ? d.timestamp : '',
  };
}

/** `task transform (ValidationError)`, `execution (States.Timeout)`, `map items 3, 7 of fan_out (...)`. */
export function describeLetter(d: DeadLetter): string {
  const what = d.kind === 'execution' ? `execution${d.taskId ? ` at task ${d.taskId}` : ''}`
    : d.kind === 'map-items' ? `map items ${(d.failedItems ?? []).join(', ')} of ${d.taskId ?? 'a map'}`
      : d.taskId === null ? `state ${d.stateName}` : `${d.optional ? 'optional ' : ''}task ${d.taskId}`;
  return `${what} (${d.error})`;
}
