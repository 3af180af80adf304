import { checkFailurePaths, checkLimits } from '../../../lib/compile/checks/rules';
import type { AslMachine } from '../../../lib/compile/checks/asl-walk';
import { planWorkflow } from '../../../lib/compile/compile';
import { task, workflow } from '../../support/models';

// Hand-written definitions: dagstep's compiler never produces the failing shapes; the rule guards
// definitions edited by hand or produced by a future compiler change.
const SEND = { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true };
const model = workflow('w', [task('a')]);
const input = (definition: object) => ({ model, plan: planWorkflow(model), definition: definition as unknown as AslMachine });

describe('checkFailurePaths', () => {
  test('a task without a Catch for States.ALL is flagged', () => {
    // GIVEN / WHEN
    const r = checkFailurePaths(input({ StartAt: 'a', States: { a: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } }));
    // THEN
    expect([r.ok, r.details]).toStrictEqual([false, ['state "a" has no Catch for States.ALL: its failures reach no dead-letter queue']]);
  });

  test('a Catch into a Choice whose every branch is a dead letter (the child step) passes', () => {
    // GIVEN the child step's shape: a child that failed fails the parent at dagstep.childFailed.1
    // (its own letter is sent), one that could not start is lettered here
    const definition = { StartAt: 'a', States: {
      a: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'a.check' }] },
      'a.check': { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'dagstep.childFailed.1' }], Default: 'a.letter' },
      'dagstep.childFailed.1': { Type: 'Fail' },
      'a.letter': SEND,
    } };
    // WHEN / THEN
    expect(checkFailurePaths(input(definition)).ok).toBe(true);
  });

  test('a Choice with a branch that ends anywhere but a dead letter is flagged', () => {
    // GIVEN a branch that swallows the failure
    const definition = { StartAt: 'a', States: {
      a: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'a.check' }] },
      'a.check': { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'done' }], Default: 'a.letter' },
      done: { Type: 'Succeed' },
      'a.letter': SEND,
    } };
    // WHEN
    const r = checkFailurePaths(input(definition));
    // THEN
    expect([r.ok, r.details]).toStrictEqual([false, ['state "a": its Catch leads to "a.check", not to the dead-letter queue or a fallback']]);
  });

  test('a tolerant Distributed Map must be followed by its failed-items letter', () => {
    // GIVEN the same map with and without `<task>.failedItems` after it
    const map = (next: string) => ({ StartAt: 'a', States: {
      a: { Type: 'Map', ToleratedFailurePercentage: 10, Next: next, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'a.letter' }], ItemProcessor: { StartAt: 'i', States: { i: { Type: 'Pass', End: true } } } },
      'a.failedItems': { Type: 'Pass', End: true },
      other: { Type: 'Pass', End: true },
      'a.letter': SEND,
    } });
    // WHEN / THEN
    expect(checkFailurePaths(input(map('a.failedItems'))).ok).toBe(true);
    expect(checkFailurePaths(input(map('other'))).details).toStrictEqual(['map "a" tolerates 10 % failed items, which reach no dead-letter queue; set toleratedFailurePercentage 0 or mark the task optional']);
  });
});

describe('checkLimits', () => {
  const big = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Pass', Comment: 'x'.repeat(1_100_000), End: true } } }) as unknown as AslMachine;
  const small = { StartAt: 'a', States: { a: { Type: 'Pass', End: true } } } as unknown as AslMachine;

  test('GIVEN a child state machine over 1 MB WHEN checked THEN it is named, though the parent is small', () => {
    // GIVEN / WHEN
    const r = checkLimits({ ...input(small), children: [small, big('b')] });
    // THEN
    expect(r.ok).toBe(false);
    expect(r.details).toStrictEqual([`child state machine 2's definition is ${JSON.stringify(big('b')).length} bytes, over the 1048576-byte limit; split it into child state machines (maxTasksPerStateMachine) or move tasks into a workflow: task`]);
  });

  test('GIVEN a partitioned workflow within the limits WHEN checked THEN the largest of its definitions is reported', () => {
    const r = checkLimits({ ...input(small), children: [small, small] });
    expect([r.ok, r.details[0].startsWith(`3 definitions, the largest ${JSON.stringify(small).length} bytes;`)]).toStrictEqual([true, true]);
  });
});
