import type { LayoutMode } from '../../model/types';
import type { Dag } from '../dag';
import type { Plan } from '../plan';
import { autoLayout, exactLayout } from './exact';
import { planMakespan } from './makespan';
import { naiveLayout } from './naive';
import { seriesParallelLayout } from './series-parallel';
import type { LayoutStrategy } from './strategy';

export { checkPlan, planMakespan } from './makespan';
export type { LayoutStrategy } from './strategy';

/** The strategies by mode name. */
export const STRATEGIES: Readonly<Record<string, LayoutStrategy>> = {
  naive: naiveLayout,
  sp: seriesParallelLayout,
  exact: exactLayout,
  auto: autoLayout,
};

/**
 * Lays a valid DAG out as a plan. `sp` (the default) is never worse than `naive`: both are
 * computed and the shorter makespan wins (ties go to sp).
 */
export function layout(dag: Dag, mode: LayoutMode = 'sp'): Plan {
  if (mode === 'naive') return naiveLayout.layout(dag);
  if (mode === 'exact') return exactLayout.layout(dag);
  if (mode === 'auto') return autoLayout.layout(dag);
  const sp = seriesParallelLayout.layout(dag);
  const naive = naiveLayout.layout(dag);
  return planMakespan(naive, dag) < planMakespan(sp, dag) - 1e-9 ? { ...naive, strategy: 'sp' } : sp;
}
