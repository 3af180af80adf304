import { CHILD_REDRIVE_POLL_SECONDS, CHILD_TIMEOUT_MARGIN_SECONDS } from '../../lib/compile/child-step';
import { compileDefinition } from '../../lib/constructs/render-asl';
import type { TaskCall } from '../../lib/local/integrations';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { validateAsl } from '../support/asl';
import { catchInto } from '../support/failure-asl';
import { task, workflow } from '../support/models';

describe('child-execution step', () => {
  // GIVEN a chain a → b → c, one task per state machine (three children), a 120 s execution timeout
  const model = workflow('parts', [task('a', [], { sideEffects: 'none' }), task('b', ['a'], { sideEffects: 'none' }), task('c', ['b'], { sideEffects: 'none' })], { timeoutSeconds: 120 });
  const compiled = compileDefinition(model, { maxTasksPerStateMachine: 1 });
  const states = compiled.definition.States as Record<string, Record<string, any>>;

  test('named deterministically, timed out after the child\'s own timeout, handing the root execution down', () => {
    // WHEN
    const child = states['dagstep.child.2'];
    // THEN
    expect(child.Resource).toMatch(/:states:::states:startExecution\.sync:2$/);
    expect(child.Parameters['Name.$']).toBe("States.Format('c2-{}', States.Hash($$.Execution.Id, 'MD5'))");
    expect(child.Parameters.Input['rootExecutionId.$']).toBe('$$.Execution.Id');
    expect(child.TimeoutSeconds).toBe(120 + CHILD_TIMEOUT_MARGIN_SECONDS);
    expect(child.Catch).toStrictEqual([
      { ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], ResultPath: null, Next: 'dagstep.child.2.locate' },
      ...catchInto('dagstep.child.2.check'),
    ]);
  });

  test('parent and children are valid ASL', () => {
    // WHEN / THEN
    expect([compiled.definition, ...Object.values(compiled.children)].map(validateAsl)).toStrictEqual(['', '', '', '']);
  });

  test('a child\'s letter names the root execution it belongs to', async () => {
    // GIVEN / WHEN b (in child 2) fails
    const { summary } = await new LocalWorkflow(model, compiled).run({ faults: [{ taskId: 'b', kind: 'validation' }] });
    // THEN the parent fails with b's own error and cause, the one letter comes from the child
    expect([summary.status, summary.error, summary.cause]).toStrictEqual(['FAILED', 'ValidationError', '{"errorMessage":"injected validation failure","errorType":"ValidationError"}']);
    expect(summary.deadLetters).toHaveLength(1);
    const letter = summary.deadLetters[0] as { executionId: string; rootExecutionId: string; taskId: string };
    expect([letter.taskId, letter.rootExecutionId]).toStrictEqual(['b', summary.executionId]);
    expect(letter.executionId).toBe(`${summary.executionId}-dagstep.child.2`);
  });

  test('a redriven parent resumes its existing child (RedriveExecution, poll) instead of running it again', async () => {
    // GIVEN child 2 exists already (the parent is being redriven): redriving it succeeds after one poll
    const calls: string[] = [];
    let polls = 0;
    const mockTask = async (call: TaskCall) => {
      const r = call.resource;
      if (r.includes('startExecution') && call.stateName === 'dagstep.child.2') {
        throw Object.assign(new Error('Execution Already Exists'), { name: 'StepFunctions.ExecutionAlreadyExistsException' });
      }
      if (r.endsWith('sfn:redriveExecution')) {
        calls.push(`redrive ${(call.params as { ExecutionArn: string }).ExecutionArn}`);
        return { output: { RedriveDate: 'now' }, durationSeconds: 0 };
      }
      if (r.endsWith('sfn:describeExecution')) {
        calls.push('describe');
        return polls++ === 0
          ? { output: { Status: 'RUNNING', Input: '{"big":"…"}' }, durationSeconds: 0 }
          : { output: { Status: 'SUCCEEDED', Output: JSON.stringify({ results: { b: { resumed: true } } }) }, durationSeconds: 0 };
      }
      return undefined;
    };
    // WHEN
    const { summary, result } = await new LocalWorkflow(model, compiled).run({ mockTask });
    // THEN b ran no attempt; its result is the redriven child's; the child ARN is derived from its name
    expect(summary.status).toBe('SUCCEEDED');
    expect((summary.output as { results: Record<string, unknown> }).results.c).toStrictEqual({ taskId: 'c', ok: true });
    expect(result.attempts.map((a) => a.stateName).filter((n) => !n.includes('.'))).toStrictEqual(['a', 'c']);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatch(/^redrive arn:\$\{AWS::Partition\}:states:\$\{AWS::Region\}:\$\{AWS::AccountId\}:execution:\$\{WorkflowChild2StateMachine[0-9A-F]+\.Name\}:c2-[0-9a-f]{32}$/);
    expect(calls.slice(1)).toStrictEqual(['describe', 'describe']);
    expect(summary.makespanSeconds).toBe(2 + 2 * CHILD_REDRIVE_POLL_SECONDS);
  });

  test('a redriven child that fails again fails the parent with its error (the child letters it)', async () => {
    // GIVEN
    const mockTask = async (call: TaskCall) => {
      if (call.resource.includes('startExecution') && call.stateName === 'dagstep.child.1') {
        throw Object.assign(new Error('exists'), { name: 'StepFunctions.ExecutionAlreadyExistsException' });
      }
      if (call.resource.endsWith('sfn:redriveExecution')) return { output: {}, durationSeconds: 0 };
      if (call.resource.endsWith('sfn:describeExecution')) return { output: { Status: 'FAILED', Error: 'TransientError', Cause: 'still down' }, durationSeconds: 0 };
      return undefined;
    };
    // WHEN
    const { summary } = await new LocalWorkflow(model, compiled).run({ mockTask });
    // THEN
    expect([summary.status, summary.error, summary.cause]).toStrictEqual(['FAILED', 'TransientError', 'still down']);
  });
});
