import { checkMigration } from '../../../lib/compile/checks/migration';
import type { AslMachine } from '../../../lib/compile/checks/asl-walk';
import { compileDefinition } from '../../../lib/constructs/render-asl';
import { task, workflow } from '../../support/models';

const HANDLER_A = `${__dirname}/migration-handler.ts`;
const definition = (tasks: ReturnType<typeof task>[]) => compileDefinition(workflow('wf', tasks)).definition as unknown as AslMachine;

describe('checkMigration', () => {
  // GIVEN a deployed definition: extract (own handler) → transform → load
  const previous = definition([
    task('extract', [], { handler: HANDLER_A, sideEffects: 'none' }), task('transform', ['extract'], { sideEffects: 'none' }), task('load', ['transform'], { sideEffects: 'none' }),
  ]);

  test('the same tasks: nothing to warn about', () => {
    // WHEN compared with itself THEN
    expect(checkMigration(previous, previous)).toStrictEqual({
      id: 'migration', title: 'changes against the previous definition are safe for in-flight executions', ok: true,
      details: ['3 tasks before, 3 after: none removed or renamed'],
    });
  });

  test('a renamed task (same function) and a removed one are warnings, never failures', () => {
    // GIVEN extract renamed to pull (same handler) and transform removed
    const current = definition([task('pull', [], { handler: HANDLER_A, sideEffects: 'none' }), task('load', ['pull'], { sideEffects: 'none' })]);
    // WHEN compared
    const r = checkMigration(previous, current);
    // THEN
    expect(r.ok).toBe(true);
    expect(r.details).toStrictEqual([
      'warning: task "extract" looks renamed to "pull" (same function): executions already running finish on their version under "extract"; dead letters and redrives of them name "extract"',
      'warning: task "transform" was removed: executions already running still run it on their version; redriving one of them runs it again; tasks that read its result must not expect it',
    ]);
  });
});
