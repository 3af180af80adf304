import { compileMachineDefinitions } from '../../lib/constructs/machine-definitions';
import { compileDefinition } from '../../lib/constructs/render-asl';
import { CompileError } from '../../lib/model/errors';
import { task, workflow } from '../support/models';

describe('compileMachineDefinitions', () => {
  test('gives the definitions of the whole stack, children and their placeholder ARNs included', () => {
    // GIVEN a chain of four tasks split into child machines of two, one task idempotent and one optional
    const model = workflow('w', [
      task('a', [], { idempotent: true }), task('b', ['a']), task('c', ['b'], { optional: true }), task('d', ['c']),
    ]);
    // WHEN compiled by its machines alone and by the whole stack
    const machines = compileMachineDefinitions(model, { layout: 'sp', maxTasksPerStateMachine: 2 });
    const stack = compileDefinition(model, { layout: 'sp', maxTasksPerStateMachine: 2 });
    // THEN the same definitions
    expect(Object.keys(machines.children).length).toBe(2);
    expect(machines).toStrictEqual({ definition: stack.definition, children: stack.children });
  });

  test('reports a task function\'s problems as the stack does', () => {
    // GIVEN a task whose handler file does not exist
    const model = workflow('w', [task('a', [], { handler: '/nonexistent/handler.ts' })]);
    // WHEN compiled
    const attempt = () => compileMachineDefinitions(model);
    // THEN the CompileError names the file, task and handler
    expect(attempt).toThrow(CompileError);
    expect(attempt).toThrow('test/w.yaml: task "a": handler: handler file /nonexistent/handler.ts not found');
  });
});
