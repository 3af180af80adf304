import { criticalPath } from '../lib/graph/critical-path';
import type { Dag } from '../lib/graph/dag';
import { BALANCED_TOLERANCE, layout, LayoutName, planMakespan } from '../lib/graph/layout';
import { benchmarkDags, randomDag } from './dags';

export interface LayoutRow {
  file: string; tasks: number; criticalPath: number;
  /** Makespan ÷ critical path of each layout. */
  naive: number; sp: number; exact: number; auto: number;
  crossEdgesAuto: number; crossEdgesExact: number;
  /** The default layout (balanced): makespan ÷ critical path and its cross-branch waits. */
  balanced: number; crossEdgesBalanced: number;
  /** Time of `layout(dag)` (sp, the default) and of the auto layout. */
  layoutMs: number; autoMs: number;
}

const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

function timed(dag: Dag, mode: LayoutName) {
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
    const balanced = timed(model, 'balanced');
    return {
      file, tasks: model.tasks.length, criticalPath: criticalPath(model).lengthSeconds,
      balanced: balanced.ratio, crossEdgesBalanced: balanced.plan.crossEdges.length,
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
  const balanced = stats(rows.map((r) => r.balanced));
  return {
    geoBalanced: balanced.geo, worstBalanced: balanced.worst, crossEdgesBalanced: rows.reduce((s, r) => s + r.crossEdgesBalanced, 0),
    geoNaive: naive.geo, worstNaive: naive.worst, geoSp: sp.geo, worstSp: sp.worst,
    geoExact: exact.geo, worstExact: exact.worst, geoAuto: auto.geo, worstAuto: auto.worst,
    crossEdgesAuto: rows.reduce((s, r) => s + r.crossEdgesAuto, 0), crossEdgesExact: rows.reduce((s, r) => s + r.crossEdgesExact, 0),
  };
}

/**
 * SP (target: geo-mean <= 1.05) and the default layout (balanced: within 1 % of the critical path,
 * no waits where sp is within 1 %) on sparse random DAGs with heavy-tailed durations, 20-300 tasks, seeded.
 */
export function randomLayoutSummary(count = 200) {
  const ratios: number[] = [];
  const balanced: number[] = [];
  let crossEdgesAuto = 0;
  let crossEdgesBalanced = 0;
  let spWithin = 0;
  let spWithinWithWaits = 0;
  let maxMs = 0;
  for (let i = 0; i < count; i++) {
    const n = 20 + Math.floor((280 * i) / count);
    const m = randomDag(n, 1000 + i);
    const sp = timed(m, 'sp');
    ratios.push(sp.ratio);
    maxMs = Math.max(maxMs, sp.ms);
    crossEdgesAuto += layout(m, 'auto').crossEdges.length;
    const b = timed(m, 'balanced');
    balanced.push(b.ratio);
    crossEdgesBalanced += b.plan.crossEdges.length;
    if (sp.ratio <= 1 + BALANCED_TOLERANCE) {
      spWithin++;
      if (b.plan.crossEdges.length > 0) spWithinWithWaits++;
    }
  }
  return {
    dags: count, geoSp: geo(ratios), worstSp: Math.max(...ratios), meanCrossEdgesAuto: crossEdgesAuto / count, maxLayoutMs: maxMs,
    geoBalanced: geo(balanced), worstBalanced: Math.max(...balanced), meanCrossEdgesBalanced: crossEdgesBalanced / count,
    spWithinTolerance: spWithin, spWithinToleranceWithWaits: spWithinWithWaits,
  };
}

/** The default layout's figures (ratio and waits) on the public set and the random DAGs, as printed lines. */
export function defaultLayoutReport(rows: LayoutRow[], random: ReturnType<typeof randomLayoutSummary>): string[] {
  const s = layoutSummary(rows);
  const f4 = (x: number) => x.toFixed(4);
  return [
    `default layout (balanced, waits only beyond ${BALANCED_TOLERANCE * 100} % of the critical path), public set: geometric mean ${f4(s.geoBalanced)}, worst ${f4(s.worstBalanced)}, ${s.crossEdgesBalanced} waits in all (${rows.filter((r) => r.crossEdgesBalanced > 0).map((r) => `${r.file.replace(/\.json$/, '')} ${r.crossEdgesBalanced}`).join(', ') || 'none'})`,
    `default layout, random sparse DAGs (${random.dags}): geometric mean ${f4(random.geoBalanced)}, worst ${f4(random.worstBalanced)}, ${random.meanCrossEdgesBalanced.toFixed(1)} waits per DAG (auto ${random.meanCrossEdgesAuto.toFixed(1)}); sp within 1 % on ${random.spWithinTolerance} of them, ${random.spWithinToleranceWithWaits} of those with waits`,
  ];
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
