import { planMakespan } from '../lib/graph/layout';
import { compileDefinition } from '../lib/constructs/render-asl';
import { LocalWorkflow } from '../lib/testing/local-workflow';
import { benchmarkDags } from './dags';

/**
 * Per benchmark DAG: compile time, and the local engine's simulated makespan and transitions for
 * the sp and exact definitions, checked against the structural makespan.
 */
export async function engineCheckRows() {
  const rows = [];
  for (const { file, model } of benchmarkDags()) {
    const t0 = performance.now();
    const sp = compileDefinition(model, { layout: 'sp' });
    const compileMs = performance.now() - t0;
    const exact = compileDefinition(model, { layout: 'exact' });
    const a = (await new LocalWorkflow(model, sp).run({ keepHistory: false })).summary;
    const b = (await new LocalWorkflow(model, exact).run({ keepHistory: false })).summary;
    const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, y);
    rows.push({
      file, tasks: model.tasks.length, compileMs,
      spTransitions: a.transitions, exactTransitions: b.transitions,
      spMakespan: a.makespanSeconds, exactMakespan: b.makespanSeconds,
      matches: a.status === 'SUCCEEDED' && b.status === 'SUCCEEDED'
        && close(a.makespanSeconds, planMakespan(sp.plan, model)) && close(b.makespanSeconds, planMakespan(exact.plan, model)),
    });
  }
  return rows;
}
