import type { AslCatcher, AslDefinition, AslRetrier, AslState } from './definition';

/**
 * The state of a task in a definition: the state named after the task id, found at any depth
 * (inside Parallel branches and Map item processors). A map task gives its Map state.
 */
export function findTaskState(asl: AslDefinition, taskId: string): AslState {
  const found = search(asl, taskId);
  if (!found) throw new Error(`task "${taskId}": no state of that name in the definition (states: ${allStateNames(asl).slice(0, 20).join(', ')})`);
  return found;
}

function search(asl: AslDefinition, name: string): AslState | undefined {
  const direct = asl.States[name];
  if (direct) return direct;
  for (const s of Object.values(asl.States)) {
    for (const sub of childDefinitions(s)) {
      const hit = search(sub, name);
      if (hit) return hit;
    }
  }
  return undefined;
}

function childDefinitions(s: AslState): AslDefinition[] {
  return [...(s.Branches ?? []), ...(s.Iterator ? [s.Iterator] : []), ...(s.ItemProcessor ? [s.ItemProcessor] : [])];
}

function allStateNames(asl: AslDefinition): string[] {
  return Object.entries(asl.States).flatMap(([n, s]) => [n, ...childDefinitions(s).flatMap(allStateNames)]);
}

/** True when an ErrorEquals list matches `error` the way Step Functions does. */
function matches(errorEquals: readonly string[], error: string): boolean {
  return errorEquals.includes(error) || errorEquals.includes('States.ALL')
    || (errorEquals.includes('States.TaskFailed') && error !== 'States.Timeout');
}

/**
 * The Retry rule Step Functions applies when the task fails with `error` (the first rule that
 * matches it, as Step Functions checks them in order). Throws, naming the task and its rules, when
 * no rule retries that error.
 */
export function retrierFor(asl: AslDefinition, taskId: string, error: string): AslRetrier {
  const retry = findTaskState(asl, taskId).Retry ?? [];
  const hit = retry.find((r) => matches(r.ErrorEquals, error));
  if (!hit) throw new Error(`task "${taskId}": no Retry rule matches ${error} (rules: ${describe(retry)})`);
  return hit;
}

/**
 * The Catch rule that handles `error` once the task's retries are spent (the first that matches).
 * Throws, naming the task and its rules, when the error is not caught.
 */
export function catcherFor(asl: AslDefinition, taskId: string, error: string): AslCatcher {
  const rules = findTaskState(asl, taskId).Catch ?? [];
  const hit = rules.find((c) => matches(c.ErrorEquals, error));
  if (!hit) throw new Error(`task "${taskId}": no Catch rule matches ${error} (rules: ${describe(rules)})`);
  return hit;
}

function describe(rules: readonly { ErrorEquals: readonly string[] }[]): string {
  return rules.length === 0 ? 'none' : rules.map((r) => `[${r.ErrorEquals.join(', ')}]`).join(' ');
}
