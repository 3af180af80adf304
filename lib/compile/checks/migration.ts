import { allStates, AslMachine, AslState } from './asl-walk';
import type { CheckResult } from './rules';

/** The task states of a definition (states without a `.`: dagstep names its own states with one), by name. */
function taskStates(machine: AslMachine): Map<string, AslState> {
  const out = new Map<string, AslState>();
  for (const { name, state } of allStates(machine)) {
    if (!name.includes('.') && (state.Type === 'Task' || state.Type === 'Map')) out.set(name, state);
  }
  return out;
}

/**
 * What a task calls: its resource and function, the function's name taken without the task id
 * and the logical id hash it carries (a function is named after the first task of its handler).
 */
function signature(id: string, state: AslState): string {
  const p = (state.Parameters ?? state.Arguments ?? {}) as Record<string, unknown>;
  const strip = (v: unknown) => (typeof v === 'string' ? v.split(id).join('').replace(/(CurrentVersion[0-9A-Fa-f]+|[0-9A-F]{8}(\.Arn)?)\}/g, '}') : null);
  return JSON.stringify([state.Type, strip(state.Resource), strip(p.FunctionName), state.ItemsPath ?? state.Items ?? null]);
}

/**
 * Warns (never fails) about tasks of a previous definition that the new one removed or renamed:
 * in-flight executions finish on the version they started on, but dead letters, redrives and
 * dashboards of older executions still name the old task ids.
 */
export function checkMigration(previous: AslMachine, current: AslMachine): CheckResult {
  const before = taskStates(previous);
  const after = taskStates(current);
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const added = new Set([...after.keys()].filter((id) => !before.has(id)));
  const warnings: string[] = [];
  for (const id of removed) {
    const sig = signature(id, before.get(id)!);
    const to = [...added].find((a) => signature(a, after.get(a)!) === sig);
    if (to !== undefined) {
      added.delete(to);
      warnings.push(`warning: task "${id}" looks renamed to "${to}" (same function): executions already running finish on their version under "${id}"; dead letters and redrives of them name "${id}"`);
    } else {
      warnings.push(`warning: task "${id}" was removed: executions already running still run it on their version; redriving one of them runs it again; tasks that read its result must not expect it`);
    }
  }
  return {
    id: 'migration',
    title: 'changes against the previous definition are safe for in-flight executions',
    ok: true,
    details: warnings.length > 0 ? warnings : [`${before.size} tasks before, ${after.size} after: none removed or renamed`],
  };
}
