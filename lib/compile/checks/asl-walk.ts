import { AslMachine, AslState, processorOf } from '../../model/asl';

export type { AslMachine, AslState } from '../../model/asl';

/** A state and the state machine (top level, a branch, or a map processor) it belongs to. */
export interface LocatedState {
  readonly name: string;
  readonly state: AslState;
  readonly machine: AslMachine;
  /** Set when the state runs inside a Map's item processor (its failures surface on the Map). */
  readonly inMap?: string;
}

/** Every state of the definition, recursing into Parallel branches and Map processors. */
export function allStates(machine: AslMachine, inMap?: string): LocatedState[] {
  const out: LocatedState[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    out.push({ name, state, machine, inMap });
    for (const b of state.Branches ?? []) out.push(...allStates(b, inMap));
    const proc = processorOf(state);
    if (proc) out.push(...allStates(proc, name));
  }
  return out;
}

/** True for the Task that sends a dead letter. */
export function isDeadLetterSend(state: AslState): boolean {
  return state.Type === 'Task' && typeof state.Resource === 'string' && state.Resource.endsWith(':states:::sqs:sendMessage');
}

/**
 * True for the coordination states of exact layouts (cross-branch waits): they move no task work,
 * so if they fail the execution fails (and can be redriven) instead of dead-lettering.
 */
export function isCoordination(state: AslState): boolean {
  return state.Type === 'Task' && typeof state.Resource === 'string'
    && /:states:::aws-sdk:(dynamodb:(updateItem|getItem)|sfn:sendTaskSuccess)/.test(state.Resource);
}

/**
 * Follows `Next` from `start` through Pass states and returns the first state that does work
 * (a Task, a Fail, a Succeed...), or undefined for a loop or a dangling name.
 */
export function firstWorkingState(machine: AslMachine, start: string): { name: string; state: AslState } | undefined {
  const seen = new Set<string>();
  let name: string | undefined = start;
  while (name !== undefined && !seen.has(name)) {
    seen.add(name);
    const state: AslState | undefined = machine.States[name];
    if (!state) return undefined;
    if (state.Type !== 'Pass') return { name, state };
    name = state.Next;
  }
  return undefined;
}
