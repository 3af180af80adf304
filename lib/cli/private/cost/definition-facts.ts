import type { CompiledDefinition } from '../../../constructs/render-asl';

/** The memory of a task's function when it names none: the Workflow construct's `memorySize` default. */
export const DEFAULT_MEMORY_MB = 256;

/** A Distributed Map state of a compiled definition, with the states its child executions run. */
export interface DistributedMapState {
  readonly state: string;
  readonly executionType: 'STANDARD' | 'EXPRESS';
  /** Every state name inside the ItemProcessor (nested ones included). */
  readonly processorStates: readonly string[];
}

interface AslState {
  readonly Type?: string;
  readonly Resource?: unknown;
  readonly Branches?: readonly { readonly States?: Record<string, AslState> }[];
  readonly ItemProcessor?: { readonly ProcessorConfig?: { readonly Mode?: string; readonly ExecutionType?: string }; readonly States?: Record<string,
    AslState> };
  readonly Iterator?: { readonly States?: Record<string, AslState> };
}

/** Every state of a definition and of its nested branches and processors, by name. */
function* statesOf(states: Record<string, AslState> | undefined): Generator<[string, AslState]> {
  for (const [name, s] of Object.entries(states ?? {})) {
    yield [name, s];
    for (const b of s.Branches ?? []) yield* statesOf(b.States);
    yield* statesOf(s.ItemProcessor?.States ?? s.Iterator?.States);
  }
}

type Definitions = Pick<CompiledDefinition, 'definition' | 'children'>;

const machinesOf = (compiled: Definitions) => [compiled.definition, ...Object.values(compiled.children)] as { States?: Record<string, AslState> }[];

/** The Distributed Map states of the definition and of its child machines. */
export function distributedMaps(compiled: Definitions): DistributedMapState[] {
  const out: DistributedMapState[] = [];
  for (const machine of machinesOf(compiled)) {
    for (const [state, s] of statesOf(machine.States)) {
      const config = s.ItemProcessor?.ProcessorConfig;
      if (s.Type !== 'Map' || config?.Mode !== 'DISTRIBUTED') continue;
      out.push({
        state,
        executionType: config.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
        processorStates: [...statesOf(s.ItemProcessor?.States)].map(([n]) => n),
      });
    }
  }
  return out;
}

/**
 * The Task states an Express workflow could not run: `.sync` and `.waitForTaskToken` integrations
 * ("Express Workflows ... do not support the .waitForTaskToken or .sync integration pattern":
 * "Choosing workflow type in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html, "Supported
 * service integration patterns"). Distributed Map states run child executions, which only a
 * Standard parent can.
 */
export function statesExpressCannotRun(compiled: Definitions): string[] {
  const out: string[] = [];
  for (const machine of machinesOf(compiled)) {
    for (const [name, s] of statesOf(machine.States)) {
      const resource = typeof s.Resource === 'string' ? s.Resource : '';
      if (/\.sync(:\d+)?$|\.waitForTaskToken$/.test(resource) || s.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED') out.push(name);
    }
  }
  return out;
}
