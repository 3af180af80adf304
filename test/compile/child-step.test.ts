import { createHash } from 'crypto';
import { CHILD_REDRIVE_POLL_SECONDS, CHILD_TIMEOUT_MARGIN_SECONDS } from '../../lib/compile/child-step';
import { compileDefinition } from '../../lib/constructs/render-asl';
import type { TaskCall } from '../../lib/local/integrations';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { validateAsl } from '../support/asl';
import { task, workflow } from '../support/models';

/**
 * The mocked AWS side of a redriven parent whose child `dagstep.child.<n>` exists already: its
 * StartExecution finds it, and RedriveExecution / DescribeExecution answer as given (each call is
 * recorded in `calls`).
 */
const existingChild = (n: number, redrive: () => unknown, describe: () => unknown, calls: string[] = []) => async (call: TaskCall) => {
  if (call.resource.includes('startExecution') && call.stateName === `dagstep.child.${n}`) {
    throw Object.assign(new Error('exists'), { name: 'StepFunctions.ExecutionAlreadyExistsException' });
  }
  if (call.resource.endsWith('sfn:redriveExecution')) {
    calls.push('redrive');
    return { output: redrive(), durationSeconds: 0 };
  }
  if (call.resource.endsWith('sfn:describeExecution')) {
    calls.push('describe');
    return { output: describe(), durationSeconds: 0 };
  }
  return undefined;
};
const notRedrivable = () => { throw Object.assign(new Error('not redrivable'), { name: 'Sfn.ExecutionNotRedrivableException' }); };
const failedAgain = () => ({ Status: 'FAILED', Error: 'TransientError', Cause: 'still down' });

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
    // only the resume is caught: any other error fails the parent at this Task state, which a redrive re-runs
    expect(child.Catch).toStrictEqual([
      { ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], ResultPath: null, Next: 'dagstep.child.2.locate' },
    ]);
  });

  test('the resume redrives the child at most once per parent redrive, and a child that ended otherwise returns to it', () => {
    // WHEN
    const redrive = states['dagstep.child.2.redrive'];
    const status = states['dagstep.child.2.status'];
    // THEN the redrive is a JSONata call that raises once this parent redrive already redrove the child
    const run = '$states.input.childRun';
    expect([redrive.QueryLanguage, redrive.Resource, redrive.Next, redrive.TimeoutSeconds]).toStrictEqual(
      ['JSONata', 'arn:${AWS::Partition}:states:::aws-sdk:sfn:redriveExecution', 'dagstep.child.2.wait', 60]);
    expect(redrive.Arguments).toStrictEqual({
      ExecutionArn: `{% $states.context.Execution.RedriveCount > ($exists(${run}.redrivenAt) ? ${run}.redrivenAt : -1) ? ${run}.arn : `
        + `$error("the child execution " & ${run}.arn & " failed again after its redrive (" & $string(${run}.Error) & "); redrive this execution to redrive the child again") %}`,
    });
    expect(redrive.Output).toBe(`{% $merge([$states.input, {"childRun": {"arn": ${run}.arn, "redrivenAt": $states.context.Execution.RedriveCount}}]) %}`);
    expect(redrive.Catch).toStrictEqual([{
      ErrorEquals: ['Sfn.ExecutionNotRedrivableException'], Next: 'dagstep.child.2.wait',
      Output: `{% $merge([$states.input, {"childRun": {"arn": ${run}.arn, "redrivenAt": $states.context.Execution.RedriveCount}}]) %}`,
    }]);
    // AND a child still running waits, one that succeeded gives its output, any other status goes back to the redrive
    expect(status.Choices.map((c: { Next: string }) => c.Next)).toStrictEqual(['dagstep.child.2.wait', 'dagstep.child.2.output']);
    expect(status.Default).toBe('dagstep.child.2.redrive');
    // AND no state of the step is a Fail: the parent fails at a Task state a redrive re-runs
    expect(Object.entries(states).filter(([n, s]) => n.startsWith('dagstep.child.') && s.Type === 'Fail')).toStrictEqual([]);
  });

  test('parent and children are valid ASL', () => {
    // WHEN / THEN
    expect([compiled.definition, ...Object.values(compiled.children)].map(validateAsl)).toStrictEqual(['', '', '', '']);
  });

  test('a child\'s letter names the root execution it belongs to', async () => {
    // GIVEN / WHEN b (in child 2) fails
    const { summary } = await new LocalWorkflow(model, compiled).run({ faults: [{ taskId: 'b', kind: 'validation' }] });
    // THEN the parent fails at the child state as startExecution.sync does: States.TaskFailed, the child's description as cause
    // (the child is named as the definition names it: c2-<md5 of the parent execution ARN>)
    const childArn = `arn:aws:states:local:000000000000:execution:parts:c2-${createHash('md5').update(summary.executionId).digest('hex')}`;
    expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'States.TaskFailed']);
    expect(JSON.parse(summary.cause!)).toStrictEqual({
      ExecutionArn: childArn, Status: 'FAILED', Error: 'ValidationError', Cause: '{"errorMessage":"injected validation failure","errorType":"ValidationError"}',
    });
    // AND the one letter is the guard's, read from the child: b's own error, naming the root execution
    expect(summary.deadLetters).toHaveLength(1);
    const letter = summary.deadLetters[0] as { executionId: string; rootExecutionId: string; taskId: string; error: string };
    expect([letter.taskId, letter.error, letter.rootExecutionId]).toStrictEqual(['b', 'ValidationError', summary.executionId]);
    expect(letter.executionId).toBe(childArn);
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

  test('a child that already succeeded is not redrivable: its output is taken as is', async () => {
    // GIVEN child 2 exists and SUCCEEDED (the parent failed later and is being redriven)
    const mockTask = existingChild(2, notRedrivable, () => ({ Status: 'SUCCEEDED', Output: JSON.stringify({ results: { b: { earlier: true } } }) }));
    // WHEN
    const { summary, result } = await new LocalWorkflow(model, compiled).run({ mockTask });
    // THEN b did not run again and the parent went on
    expect(summary.status).toBe('SUCCEEDED');
    expect(result.attempts.map((a) => a.stateName).filter((n) => !n.includes('.'))).toStrictEqual(['a', 'c']);
  });

  test('a failed child that cannot be redriven fails the parent at the step\'s redrive state instead of polling it until the timeout', async () => {
    // GIVEN child 1 exists, FAILED, and RedriveExecution refuses it (e.g. past its redrive window)
    const calls: string[] = [];
    const mockTask = existingChild(1, notRedrivable, failedAgain, calls);
    // WHEN
    const { summary } = await new LocalWorkflow(model, compiled).run({ mockTask });
    // THEN one try, one look, then the parent fails (before the fix it looped until States.Timeout)
    expect(calls).toStrictEqual(['redrive', 'describe']);
    expect([summary.status, summary.error, summary.makespanSeconds]).toStrictEqual(['FAILED', 'States.QueryEvaluationError', CHILD_REDRIVE_POLL_SECONDS]);
  });

  test('a redriven child that fails again is redriven once, then fails the parent at the step\'s redrive state', async () => {
    // GIVEN child 1 exists (the parent is being redriven) and fails again after its redrive
    const calls: string[] = [];
    const mockTask = existingChild(1, () => ({}), failedAgain, calls);
    // WHEN
    const { summary } = await new LocalWorkflow(model, compiled).run({ mockTask });
    // THEN the child was redriven once in this parent run, then the parent failed at `.redrive` naming the child's error
    expect(calls).toStrictEqual(['redrive', 'describe']);
    expect([summary.status, summary.error]).toStrictEqual(['FAILED', 'States.QueryEvaluationError']);
    expect(summary.cause).toContain("An error occurred while executing the state 'dagstep.child.1.redrive'");
    expect(summary.cause).toMatch(/the child execution arn:.*:c1-[0-9a-f]{32} failed again after its redrive \(TransientError\); redrive this execution to redrive the child again$/);
    // AND the guard, which cannot read this mocked child, letters the execution at the state it stopped in
    expect(summary.deadLetters.map((l) => [l.kind, l.stateName, l.error])).toStrictEqual([
      ['execution', 'dagstep.child.1.redrive', 'States.QueryEvaluationError'],
    ]);
  });
});
