import { isUserError } from '../../model/errors';
import type { LayoutMode, WorkflowModel } from '../../model/types';
import { planWorkflow } from '../plan-workflow';
import type { AslMachine } from './asl-walk';
import { checkMigration } from './migration';
import { CheckResult, RULES } from './rules';
import { reportSecretsInsteadOfRefusing } from './secret-gate';

export type { CheckResult } from './rules';

/** A partitioned workflow's definitions: the parent and its child state machines. */
export interface RenderedMachines {
  readonly definition: AslMachine;
  readonly children: readonly AslMachine[];
}

/** The whole checklist of a workflow. `ok` only when every check passed. */
export interface CheckReport {
  readonly workflow: string;
  readonly file: string;
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

/**
 * Runs the QA checklist. `render` turns the model into the definition the state machine gets
 * (the CLI passes the real compiler); it is called only when the graph is valid. With `previous`
 * (the definition deployed before), removed and renamed tasks are reported as warnings.
 */
export function runChecks(model: WorkflowModel, render: (model: WorkflowModel) => AslMachine | RenderedMachines, layout?: LayoutMode,
  previous?: AslMachine): CheckReport {
  let plan;
  try {
    plan = planWorkflow(model, layout);
  } catch (e) {
    if (!isUserError(e)) throw e;
    const failed: CheckResult = { id: 'graph', title: 'the DAG is valid (no cycles, no unknown or duplicate ids)', ok: false, details: e.problems.map((p) => `${p.taskId !== undefined ? `task "${p.taskId}": ` : ''}${p.field !== undefined ? `${p.field}: ` : ''}${p.message}`) };
    return { workflow: model.name, file: model.source, ok: false, checks: [failed] };
  }
  const graph: CheckResult = { id: 'graph', title: 'the DAG is valid (no cycles, no unknown or duplicate ids)', ok: true, details: [`${model.tasks.length} tasks, acyclic`] };
  reportSecretsInsteadOfRefusing(model);
  const rendered = render(model);
  const input = 'definition' in rendered && 'children' in rendered && Array.isArray(rendered.children)
    ? { model, plan, definition: rendered.definition, children: rendered.children as AslMachine[] }
    : { model, plan, definition: rendered as AslMachine };
  const checks = [graph, ...RULES.map((rule) => rule(input)), ...(previous ? [checkMigration(previous, input.definition)] : [])];
  return { workflow: model.name, file: model.source, ok: checks.every((c) => c.ok), checks };
}

/** Details shown under a failed check in the text report (all of them are in `--json`). */
export const MAX_DETAILS_SHOWN = 20;

/**
 * The checklist as text: one ✔/✘ line per check, its details indented under failures (at most
 * MAX_DETAILS_SHOWN each, then how many more: a 10,000-task workflow stays one screen per check).
 */
export function formatReport(report: CheckReport): string {
  const lines = [`dagstep check ${report.file} (${report.workflow})`];
  for (const c of report.checks) {
    lines.push(`${c.ok ? '✔' : '✘'} ${c.title}${c.ok ? ` — ${c.details.join('; ')}` : ''}`);
    if (c.ok) continue;
    for (const d of c.details.slice(0, MAX_DETAILS_SHOWN)) lines.push(`    ${d}`);
    const more = c.details.length - MAX_DETAILS_SHOWN;
    if (more > 0) lines.push(`    … and ${more} more (dagstep check --json lists them all)`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push(failed === 0 ? 'all checks passed' : `${failed} of ${report.checks.length} checks failed`);
  return `${lines.join('\n')}\n`;
}
