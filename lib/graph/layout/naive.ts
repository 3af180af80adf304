import type { Dag } from '../dag';
import type { Plan } from '../plan';
import { levels } from '../topo';
import { parOf, seqOf } from './private/build';
import type { LayoutStrategy } from './strategy';

/** One Parallel per ASAP level, in sequence: simple, always valid, often far from the critical path. */
export const naiveLayout: LayoutStrategy = {
  name: 'naive',
  layout(dag: Dag): Plan {
    const root = seqOf(levels(dag).map((ids) => parOf(ids.map((id) => ({ kind: 'task' as const, id })))));
    return { root, strategy: 'naive', crossEdges: [] };
  },
};
