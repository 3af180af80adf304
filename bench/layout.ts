import { criticalPath } from '../lib/graph/critical-path';
import type { Dag } from '../lib/graph/dag';
import { layout, planMakespan } from '../lib/graph/layout';
import type { LayoutMode } from '../lib/model/types';
import { benchmarkDags, randomDag } from './dags';

export interface LayoutRow {
  file: string; tasks: number; criticalPath: number;
  /** Makespan ÷ critical path of each layout. */
  naive: number; sp: number; exact: number; auto: number;
  crossEdgesAuto: number; crossEdgesExact: number;
  /** Time of `layout(dag)` (sp, the default) and of the auto layout. */
  layoutMs: number; autoMs: number;
}

const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

function timed(dag: Dag, mode: LayoutMode) {
  const t0 = performance.now();
  const plan = layout(dag, mode);
  return { plan, ms: performance.now() - t0, ratio: planMakespan(plan, dag) / criticalPath(dag).lengthSeconds };
}

/** Makespan ÷ critical path of every layout on the public benchmark set, cross edges and layout times. */
export function layoutBenchmarkRows(): LayoutRow[] {
  return benchmarkDags().map(({ file, model }) => {
    const sp = timed(model, 'sp');
    const auto = timed(model, 'auto');
    const exact = timed(model, 'exact');
    return {
      file, tasks: model.tasks.length, criticalPath: criticalPath(model).lengthSeconds,
      naive: timed(model, 'naive').ratio, sp: sp.ratio, exact: exact.ratio, auto: auto.ratio,
      crossEdgesAuto: auto.plan.crossEdges.length, crossEdgesExact: exact.plan.crossEdges.length,
      layoutMs: sp.ms, autoMs: auto.ms,
    };
  });
}

/** Geometric means and worst ratios over the rows (targets: sp geo-mean <= 1.001, worst <= 1.005). */
export function layoutSummary(rows: LayoutRow[]) {
  const stats = (xs: number[]) => ({ geo: geo(xs), worst: Math.max(...xs) });
  const naive = stats(rows.map((r) => r.naive));
  const sp = stats(rows.map((r) => r.sp));
  const exact = stats(rows.map((r) => r.exact));
  const auto = stats(rows.map((r) => r.auto));
  return {
    geoNaive: naive.geo, worstNaive: naive.worst, geoSp: sp.geo, worstSp: sp.worst,
    geoExact: exact.geo, worstExact: exact.worst, geoAuto: auto.geo, worstAuto: auto.worst,
    crossEdgesAuto: rows.reduce((s, r) => s + r.crossEdgesAuto, 0), crossEdgesExact: rows.reduce((s, r) => s + r.crossEdgesExact, 0),
  };
}

/** SP on sparse random DAGs with heavy-tailed durations, 20-300 tasks, seeded (target: geo-mean <= 1.05). */
export function randomLayoutSummary(count = 200) {
  const ratios: number[] = [];
  let crossEdgesAuto = 0;
  let maxMs = 0;
  for (let i = 0; i < count; i++) {
    const n = 20 + Math.floor((280 * i) / count);
    const m = randomDag(n, 1000 + i);
    const sp = timed(m, 'sp');
    ratios.push(sp.ratio);
    maxMs = Math.max(maxMs, sp.ms);
    crossEdgesAuto += layout(m, 'auto').crossEdges.length;
  }
  return { dags: count, geoSp: geo(ratios), worstSp: Math.max(...ratios), meanCrossEdgesAuto: crossEdgesAuto / count, maxLayoutMs: maxMs };
}

export interface LayoutScaleRow { tasks: number; spMs: number; autoMs: number; exactMs: number; sp: number; crossEdgesAuto: number }

/** Layout times of generated sparse DAGs (the same generator and seed as the compile scale rows). */
export function layoutScaleRows(sizes: readonly number[] = [1000, 10000]): LayoutScaleRow[] {
  return sizes.map((n) => {
    const m = randomDag(n, 42);
    const sp = timed(m, 'sp');
    const auto = timed(m, 'auto');
    const exact = timed(m, 'exact');
    return { tasks: n, spMs: sp.ms, autoMs: auto.ms, exactMs: exact.ms, sp: sp.ratio, crossEdgesAuto: auto.plan.crossEdges.length };
  });
}
