import { checkFailurePaths, checkLimits } from '../../../lib/compile/checks/rules';
import type { AslMachine } from '../../../lib/compile/checks/asl-walk';
import { planWorkflow } from '../../../lib/compile/plan-workflow';
import { task, workflow } from '../../support/models';

// Hand-written definitions: dagstep's compiler never produces the failing shapes; the rule guards
// definitions edited by hand or produced by a future compiler change.
const SEND = { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true };
const model = workflow('w', [task('a')]);
const input = (definition: object, m = model) => ({ model: m, plan: planWorkflow(m), definition: definition as unknown as AslMachine });
const LAMBDA = 'arn:aws:states:::lambda:invoke';
const OK_NOTE = 'required tasks fail where a redrive re-runs them (the guard letters them); optional tasks send their own letter; no Catch ends at a Fail';

describe('checkFailurePaths', () => {
  test('a required task that catches nothing passes: the execution fails at the task, which a redrive re-runs', () => {
    // GIVEN / WHEN
    const r = checkFailurePaths(input({ StartAt: 'a', States: { a: { Type: 'Task', Resource: LAMBDA, End: true } } }));
    // THEN
    expect([r.ok, r.details]).toStrictEqual([true, [OK_NOTE]]);
  });

  test('a required task with a States.ALL Catch is flagged, even into a dead-letter send', () => {
    // GIVEN the shape dagstep compiled before: the failure caught into a letter and the execution going on or ending elsewhere
    const definition = { StartAt: 'a', States: {
      a: { Type: 'Task', Resource: LAMBDA, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'a.failed' }] },
      'a.failed': { Type: 'Pass', Next: 'a.letter' },
      'a.letter': SEND,
    } };
    // WHEN
    const r = checkFailurePaths(input(definition));
    // THEN
    expect([r.ok, r.details]).toStrictEqual([false, [
      'required task "a" catches States.ALL: its failure would end the execution elsewhere than at the task, so a redrive would not re-run it',
    ]]);
  });

  test('a Catch leading to a Fail (through Passes and Choices) is flagged', () => {
    // GIVEN a task that catches one error into a Choice one of whose branches, after a Pass, is a Fail
    const definition = { StartAt: 'a', States: {
      a: { Type: 'Task', Resource: LAMBDA, End: true, Catch: [{ ErrorEquals: ['Custom.Error', 'Other.Error'], Next: 'a.check' }] },
      'a.check': { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'a.prepare' }], Default: 'done' },
      'a.prepare': { Type: 'Pass', Next: 'a.fail' },
      'a.fail': { Type: 'Fail', Error: 'E' },
      done: { Type: 'Succeed' },
    } };
    // WHEN
    const r = checkFailurePaths(input(definition));
    // THEN
    expect([r.ok, r.details]).toStrictEqual([false, [
      'state "a": its Catch (Custom.Error, Other.Error) leads to a Fail state; a redrive would re-run the Fail, not "a"',
    ]]);
  });

  test('a Catch on a Parallel leading to a Fail is flagged too', () => {
    // GIVEN a Parallel whose Catch fails
    const branch = { StartAt: 'a', States: { a: { Type: 'Task', Resource: LAMBDA, End: true } } };
    const definition = { StartAt: 'p', States: {
      p: { Type: 'Parallel', Branches: [branch], Next: 'done', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'p.fail' }] },
      'p.fail': { Type: 'Fail' },
      done: { Type: 'Succeed' },
    } };
    // WHEN
    const r = checkFailurePaths(input(definition));
    // THEN only the Parallel is flagged (it is no task, so only the Fail rule applies)
    expect(r.details).toStrictEqual(['state "p": its Catch (States.ALL) leads to a Fail state; a redrive would re-run the Fail, not "p"']);
  });

  describe('optional tasks', () => {
    const optional = workflow('w', [task('a', [], { optional: true })]);
    const withCatch = (next: string, extra: Record<string, unknown>) => ({ StartAt: 'a', States: {
      a: { Type: 'Task', Resource: LAMBDA, End: true, Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: next }, { ErrorEquals: ['States.ALL'], Next: next }] },
      ...extra,
    } });
    const FLAGGED = ['optional task "a": its failures must be caught into its own dead-letter send'];

    test('one that catches every error into its own send (through its letter Pass) passes, its undeliverable Fail included', () => {
      // GIVEN dagstep's shape: a.failed (Pass) → a.deadLetter (send) → a.recorded, the send's Catch into a.undeliverable (Fail)
      const definition = withCatch('a.failed', {
        'a.failed': { Type: 'Pass', Next: 'a.deadLetter' },
        'a.deadLetter': { ...SEND, End: undefined, Next: 'a.recorded', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'a.undeliverable' }] },
        'a.recorded': { Type: 'Pass', End: true },
        'a.undeliverable': { Type: 'Fail', Error: 'dagstep.DeadLetterUndeliverable' },
      });
      // WHEN / THEN
      expect(checkFailurePaths(input(definition, optional)).details).toStrictEqual([OK_NOTE]);
    });

    test('one without a Catch, or whose Catch reaches no send, is flagged', () => {
      // GIVEN an optional task that catches nothing, and one whose failure is recorded but never sent
      const none = { StartAt: 'a', States: { a: { Type: 'Task', Resource: LAMBDA, End: true } } };
      const unsent = withCatch('a.failed', { 'a.failed': { Type: 'Pass', Next: 'a.recorded' }, 'a.recorded': { Type: 'Pass', End: true } });
      // WHEN / THEN
      expect([checkFailurePaths(input(none, optional)).details, checkFailurePaths(input(unsent, optional)).details]).toStrictEqual([FLAGGED, FLAGGED]);
    });
  });

  describe('fallbacks', () => {
    const withFallback = workflow('w', [task('a', [], { fallback: 'f' }), task('f')]);
    const definition = (next: string) => ({ StartAt: 'a', States: {
      a: { Type: 'Task', Resource: LAMBDA, Next: 'done', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'a.failed' }] },
      'a.failed': { Type: 'Pass', Next: next },
      f: { Type: 'Task', Resource: LAMBDA, Next: 'done' },
      other: { Type: 'Task', Resource: LAMBDA, Next: 'done' },
      done: { Type: 'Succeed' },
    } });

    test('a required task may catch States.ALL into its fallback, whose own failure is not caught', () => {
      // WHEN / THEN
      expect(checkFailurePaths(input(definition('f'), withFallback)).details).toStrictEqual([OK_NOTE]);
    });

    test('a required task whose Catch leads anywhere but its fallback is flagged', () => {
      // WHEN / THEN
      expect(checkFailurePaths(input(definition('other'), withFallback)).details).toStrictEqual([
        'task "a": its Catch leads to "a.failed", not to its fallback "f"',
      ]);
    });
  });

  test('a tolerant Distributed Map must be followed by its failed-items letter', () => {
    // GIVEN the same required map (no Catch) with and without `<task>.failedItems` after it
    const map = (next: string) => ({ StartAt: 'a', States: {
      a: { Type: 'Map', ToleratedFailurePercentage: 10, Next: next, ItemProcessor: { StartAt: 'i', States: { i: { Type: 'Pass', End: true } } } },
      'a.failedItems': { Type: 'Pass', End: true },
      other: { Type: 'Pass', End: true },
    } });
    // WHEN / THEN
    expect(checkFailurePaths(input(map('a.failedItems'))).details).toStrictEqual([OK_NOTE]);
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
