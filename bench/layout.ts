import { criticalPath } from '../lib/graph/critical-path';
import { layout, planMakespan } from '../lib/graph/layout';
import { benchmarkDags, randomDag } from './dags';

export interface LayoutRow {
  file: string; tasks: number; criticalPath: number;
  naive: number; sp: number; exact: number; auto: number; crossEdgesAuto: number; crossEdgesExact: number; layoutMs: number;
}

const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

/** Makespan ÷ critical path of every layout on the public benchmark set. */
export function layoutRows(): LayoutRow[] {
  return benchmarkDags().map(({ file, model }) => {
    const cp = criticalPath(model).lengthSeconds;
    const t0 = performance.now();
    const sp = layout(model, 'sp');
    const layoutMs = performance.now() - t0;
    const exact = layout(model, 'exact');
    const auto = layout(model, 'auto');
    return {
      file, tasks: model.tasks.length, criticalPath: cp,
      naive: planMakespan(layout(model, 'naive'), model) / cp, sp: planMakespan(sp, model) / cp,
      exact: planMakespan(exact, model) / cp, auto: planMakespan(auto, model) / cp,
      crossEdgesAuto: auto.crossEdges.length, crossEdgesExact: exact.crossEdges.length, layoutMs,
    };
  });
}

export function layoutSummary(rows: LayoutRow[]) {
  return {
    geoNaive: geo(rows.map((r) => r.naive)), worstNaive: Math.max(...rows.map((r) => r.naive)),
    geoSp: geo(rows.map((r) => r.sp)), worstSp: Math.max(...rows.map((r) => r.sp)),
    geoExact: geo(rows.map((r) => r.exact)), worstExact: Math.max(...rows.map((r) => r.exact)),
  };
}

/** SP on sparse random DAGs with heavy-tailed durations, 20-300 tasks (seeded). */
export function randomLayoutSummary(count = 200) {
  const ratios: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = 20 + Math.floor((280 * i) / count);
    const m = randomDag(n, 1000 + i);
    ratios.push(planMakespan(layout(m, 'sp'), m) / criticalPath(m).lengthSeconds);
  }
  return { dags: count, geoSp: geo(ratios), worstSp: Math.max(...ratios) };
}
