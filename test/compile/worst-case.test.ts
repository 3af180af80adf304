import { planWorkflow } from '../../lib/compile/plan-workflow';
import {
  crossWaitTimeoutSeconds, defaultStateMachineTimeoutSeconds, idempotencyExpirySeconds, REDRIVE_WINDOW_SECONDS, taskWorstCaseSeconds, workflowWorstCaseSeconds,
} from '../../lib/compile/worst-case';
import { task, workflow } from '../support/models';

// TEST_RETRY: 2 retries, 1 s then 2 s delays. Default task timeout: max(60, 3 × duration).
const plan = () => planWorkflow(workflow('wc', [
  task('a'),
  task('b', ['a'], { timeoutSeconds: 100 }),
  task('c', [], { fallback: 'fb', retry: { rules: [] } }),
  task('fb'),
]));

describe('worst case', () => {
  test('per task: every attempt times out, every delay is the longest, plus the fallback', () => {
    // GIVEN a small plan
    const wp = plan();
    // WHEN the task worst cases are computed
    const worst = ['a', 'b', 'c', 'fb'].map((id) => taskWorstCaseSeconds(wp, id));
    // THEN a: 3 × 60 + 1 + 2; b: 3 × 100 + 3; c: 60 (no retries) + fb 183; fb: 183
    expect(worst).toStrictEqual([183, 303, 243, 183]);
  });

  test('workflow: the makespan of the worst cases, fallback-only tasks excluded', () => {
    // GIVEN the same plan / WHEN
    const wp = plan();
    // THEN a → b = 486 beats c = 243; the default timeout is ceil(486 × 1.1)
    expect(workflowWorstCaseSeconds(wp)).toBe(486);
    expect(defaultStateMachineTimeoutSeconds(wp)).toBe(535);
  });

  test('the default state machine timeout is at least 60 s', () => {
    // GIVEN one task that never retries and times out at 10 s
    const wp = planWorkflow(workflow('tiny', [task('a', [], { timeoutSeconds: 10, retry: { rules: [] } })]));
    // WHEN / THEN
    expect(workflowWorstCaseSeconds(wp)).toBe(10);
    expect(defaultStateMachineTimeoutSeconds(wp)).toBe(60);
  });

  test('a cross-branch wait times out after the workflow\'s worst case (at least 60 s)', () => {
    // GIVEN a two-task chain of 60 s timeouts, retried as TEST_RETRY says / WHEN / THEN
    const wp = planWorkflow(workflow('w', [task('a'), task('b', ['a'])]));
    expect(crossWaitTimeoutSeconds(wp)).toBe(Math.max(60, Math.ceil(workflowWorstCaseSeconds(wp))));
  });

  test('idempotency records outlive the execution and its 14-day redrive window, at least one day', () => {
    // GIVEN / WHEN / THEN
    expect(REDRIVE_WINDOW_SECONDS).toBe(14 * 24 * 3600);
    expect([idempotencyExpirySeconds(600), idempotencyExpirySeconds(0)]).toStrictEqual([600 + REDRIVE_WINDOW_SECONDS, REDRIVE_WINDOW_SECONDS]);
  });
});
