import { randomDag } from '../../bench/dags';
import { defaultLayout, needsChildMachines } from '../../lib/compile/plan-workflow';
import { DEFINITION_BYTES_BUDGET, estimatedWorkflowBytes } from '../../lib/compile/definition-size';
import { compileDefinition } from '../../lib/constructs/render-asl';
import type { WorkflowModel } from '../../lib/model/types';

const SFN_DEFINITION_LIMIT = 1_048_576;

/** A generated sparse DAG (0–3 dependencies per task) whose ids are `len` characters long. */
function withIds(n: number, len: number, seed: number): WorkflowModel {
  const m = randomDag(n, seed);
  const rename = (id: string) => `t${id.slice(1).padStart(len - 1, '0')}`;
  return { ...m, name: `ids${len}`, tasks: m.tasks.map((t) => ({ ...t, id: rename(t.id), dependsOn: t.dependsOn.map(rename) })) };
}

const bytesOf = (defs: readonly unknown[]) => defs.reduce<number>((sum, d) => sum + JSON.stringify(d).length, 0);

describe('estimated definition size', () => {
  test.each([[4], [26], [60]])('GIVEN ids of %i characters WHEN compiled into one machine THEN the estimate is within 10 %% of the definition', (len) => {
    // GIVEN
    const model = withIds(120, len, 11);
    // WHEN
    const c = compileDefinition(model, { layout: 'sp' });
    // THEN
    expect(Object.keys(c.children)).toHaveLength(0);
    const ratio = estimatedWorkflowBytes(model) / bytesOf([c.definition]);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });

  test('GIVEN 250 tasks with 60-character ids and long descriptions (fewer than 300, but over 1 MB in one machine) WHEN compiled THEN they are split and every definition fits', () => {
    // GIVEN (a required task carries no letter states, so long ids alone no longer reach 1 MB; descriptions do)
    const base = withIds(250, 60, 5);
    const model = { ...base, tasks: base.tasks.map((t) => ({ ...t, description: 'd'.repeat(2500) })) };
    expect(estimatedWorkflowBytes(model)).toBeGreaterThan(DEFINITION_BYTES_BUDGET);
    expect([needsChildMachines(model), defaultLayout(model)]).toStrictEqual([true, 'sp']);
    // WHEN
    const c = compileDefinition(model);
    // THEN
    const defs = [c.definition, ...Object.values(c.children)];
    expect(defs.length).toBeGreaterThan(1);
    for (const d of defs) expect(JSON.stringify(d).length).toBeLessThan(SFN_DEFINITION_LIMIT);
  });

  test('GIVEN 300 tasks with short ids WHEN compiled THEN they stay in one machine (the task limit binds first)', () => {
    const model = withIds(300, 4, 3);
    expect(needsChildMachines(model)).toBe(false);
    expect(Object.keys(compileDefinition(model).children)).toHaveLength(0);
  });
});
