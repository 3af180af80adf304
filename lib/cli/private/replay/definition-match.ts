import type { CompiledDefinition } from '../../../constructs/render-asl';
import { SpecError } from '../../../model/errors';
import type { WorkflowModel } from '../../../model/types';
import { executionsOf, RecordedExecution } from './execution-tree';

interface AslLike {
  readonly States?: Record<string, { Branches?: AslLike[]; ItemProcessor?: AslLike; Iterator?: AslLike }>;
}

/** Every state name of a definition, those inside Parallel branches and Map item processors included. */
export function stateNamesOf(definition: object): Set<string> {
  const names = new Set<string>();
  const walk = (m: AslLike | undefined) => {
    for (const [name, s] of Object.entries(m?.States ?? {})) {
      names.add(name);
      for (const b of s.Branches ?? []) walk(b);
      walk(s.ItemProcessor);
      walk(s.Iterator);
    }
  };
  walk(definition);
  return names;
}

/**
 * Refuses a recording the local definition cannot replay: a state the recorded executions entered
 * that no machine compiled from the spec has (another version of the spec, or other compile
 * options such as the Workflow's maxTasksPerStateMachine) would leave the replay answering the
 * wrong states.
 */
export function checkRecordingMatches(model: WorkflowModel, compiled: CompiledDefinition, tree: RecordedExecution): void {
  const known = new Set([compiled.definition, ...Object.values(compiled.children)].flatMap((d) => [...stateNamesOf(d)]));
  for (const execution of executionsOf(tree)) {
    const unknown = [...new Set(execution.events.flatMap((e) => e.stateEnteredEventDetails?.name ?? []))].filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new SpecError({
        file: model.source, field: 'replay',
        message: `execution ${execution.executionArn} ran state${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 3).map((n) => `"${n}"`).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''} `
          + `that the definition compiled from this spec does not have: expected the spec (and --max-tasks-per-state-machine) it was deployed with`,
      });
    }
  }
}
