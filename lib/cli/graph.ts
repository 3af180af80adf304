import { Option } from 'commander';
import { criticalPath } from '../graph/critical-path';
import type { Dag } from '../graph/dag';
import { layout, planMakespan } from '../graph/layout';
import type { PlanNode } from '../graph/plan';
import { levels } from '../graph/topo';
import { validateGraph } from '../graph/validate';
import { EXIT_OK } from './io';
import { loadWorkflow } from './private/load-workflow';
import type { RegisterCommand } from './program';
import { LAYOUT_MODES, LayoutMode } from '../model/types';

/** `dagstep graph <spec>`: the DAG as ASCII by level, the critical path, and the layout plan. */
export const registerGraph: RegisterCommand = (program, ctx) => {
  program.command('graph')
    .description('print the DAG by level with its critical path and the layout the compiler uses')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .addOption(new Option('-l, --layout <layout>', 'layout strategy').choices(LAYOUT_MODES))
    .action((spec: string, opts: { layout?: LayoutMode }) => ctx.run(() => {
      const model = loadWorkflow(spec);
      ctx.io.stdout(renderGraph(model, opts.layout ?? model.layout ?? 'balanced', model.name));
      return EXIT_OK;
    }));
};

const fmt = (s: number): string => `${Number(s.toFixed(3))}s`;

/**
 * The ASCII rendering `dagstep graph` prints. A fallback task is not part of the DAG: it runs only
 * in place of its task, so it is drawn under that task (in the levels and in the plan), and the
 * levels, critical path and layout are those of the DAG the compiler lays out (without fallbacks).
 */
export function renderGraph(dag: Dag, mode: LayoutMode, name: string): string {
  validateGraph(dag);
  const fallbackOf = new Map(dag.tasks.filter((t) => t.fallback).map((t) => [t.id, t.fallback!]));
  const fallbacks = new Set(fallbackOf.values());
  const main: Dag = { ...dag, tasks: dag.tasks.filter((t) => !fallbacks.has(t.id)) };
  const cp = criticalPath(main);
  const onPath = new Set(cp.path);
  const byId = new Map(dag.tasks.map((t) => [t.id, t]));
  const lv = levels(main);
  // A fallback's id is indented by two under its task's.
  const width = Math.max(...main.tasks.map((t) => t.id.length), ...[...fallbacks].map((id) => id.length + 2));
  const out: string[] = [];
  out.push(`${name}: ${dag.tasks.length} tasks${fallbacks.size > 0 ? ` (${fallbacks.size} fallback${fallbacks.size === 1 ? '' : 's'})` : ''}, ${lv.length} levels, critical path ${fmt(cp.lengthSeconds)}`);
  out.push(`  ${cp.path.join(' → ')}`);
  out.push('');
  lv.forEach((ids, i) => {
    for (const id of ids) {
      const t = byId.get(id)!;
      const deps = t.dependsOn.length > 0 ? `  ← ${t.dependsOn.join(', ')}` : '';
      out.push(`L${i} ${onPath.has(id) ? '*' : ' '} ${id.padEnd(width)}  ${fmt(t.durationSeconds).padStart(9)}${deps}`);
      const fb = fallbackOf.get(id);
      if (fb !== undefined) out.push(`${`     ⇢ ${fb}`.padEnd(5 + width)}  ${fmt(byId.get(fb)?.durationSeconds ?? 0).padStart(9)}  fallback of ${id} (runs only if it fails)`);
    }
  });
  const plan = layout(main, mode);
  const makespan = planMakespan(plan, main);
  out.push('');
  out.push(`layout ${plan.strategy}: makespan ${fmt(makespan)} (critical path ${fmt(cp.lengthSeconds)}, ratio ${(cp.lengthSeconds > 0 ? makespan / cp.lengthSeconds : 1).toFixed(3)})`);
  out.push(...tree(plan.root, '', true, true, fallbackOf));
  out.push(`(* = on the critical path${fallbacks.size > 0 ? '; ⇢ = the fallback that runs in place of the task above it' : ''})`);
  return `${out.join('\n')}\n`;
}

function tree(node: PlanNode, prefix: string, last: boolean, root: boolean, fallbackOf: ReadonlyMap<string, string>): string[] {
  const head = root ? '' : `${prefix}${last ? '└─ ' : '├─ '}`;
  const childPrefix = root ? '' : `${prefix}${last ? '   ' : '│  '}`;
  if (node.kind === 'task') {
    const fb = fallbackOf.get(node.id);
    return [`${head}${node.id}${node.waitFor?.length ? `  (waits for ${node.waitFor.join(', ')})` : ''}${fb !== undefined ? `  ⇢ fallback ${fb}` : ''}`];
  }
  const kids = node.kind === 'seq' ? node.children : node.branches;
  return [
    `${head}${node.kind === 'seq' ? 'sequence' : 'parallel'}`,
    ...kids.flatMap((k, i) => tree(k, childPrefix, i === kids.length - 1, false, fallbackOf)),
  ];
}
