import type { LayoutMode } from '../../model/types';
import type { Dag } from '../dag';
import type { Plan } from '../plan';
import { balancedLayout } from './balanced';
import { autoLayout, exactLayout } from './exact';
import { planMakespan } from './makespan';
import { naiveLayout } from './naive';
import { seriesParallelLayout } from './series-parallel';
import type { LayoutStrategy } from './strategy';

export { checkPlan, planMakespan } from './makespan';
export type { LayoutStrategy } from './strategy';
export { BALANCED_TOLERANCE } from './balanced';

/** A layout mode of the model (`balanced`, the default, adds waits only where they pay). */
export type LayoutName = LayoutMode;

/** The strategies by mode name. */
export const STRATEGIES: Readonly<Record<string, LayoutStrategy>> = {
  naive: naiveLayout,
  sp: seriesParallelLayout,
  exact: exactLayout,
  auto: autoLayout,
  balanced: balancedLayout,
};

/**
 * Lays a valid DAG out as a plan. The default, `balanced`, adds cross-branch waits only where the
 * wait-free plan would run more than 1 % above the critical path (see balanced.ts). `sp` is never
 * worse than `naive`: both are computed and the shorter makespan wins (ties go to sp).
 */
export function layout(dag: Dag, mode: LayoutName = 'balanced'): Plan {
  if (mode === 'naive') return naiveLayout.layout(dag);
  if (mode === 'exact') return exactLayout.layout(dag);
  if (mode === 'auto') return autoLayout.layout(dag);
  if (mode === 'balanced') return balancedLayout.layout(dag);
  const sp = seriesParallelLayout.layout(dag);
  const naive = naiveLayout.layout(dag);
  return planMakespan(naive, dag) < planMakespan(sp, dag) - 1e-9 ? { ...naive, strategy: 'sp' } : sp;
}
