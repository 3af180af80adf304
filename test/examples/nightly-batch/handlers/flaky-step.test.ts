import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { TransientError } from '../../../../lambdas/errors';
import { failureRate, handler } from '../../../../examples/nightly-batch/handlers/flaky-step';

const run = (taskId: string, attempt = 0) => handler(taskEvent('nightly_batch', taskId, { night: '2026-11-24' }, { attempt }), LAMBDA_CONTEXT);
const saved = process.env.FAILURE_RATE;
afterEach(() => {
  jest.restoreAllMocks();
  if (saved === undefined) delete process.env.FAILURE_RATE;
  else process.env.FAILURE_RATE = saved;
});

describe('failureRate', () => {
  test.each([
    [{}, 0.2],
    [{ FAILURE_RATE: '0.5' }, 0.5],
    [{ FAILURE_RATE: '0' }, 0],
    [{ FAILURE_RATE: '1' }, 1],
    [{ FAILURE_RATE: 'often' }, 0.2],
    [{ FAILURE_RATE: '1.5' }, 0.2],
    [{ FAILURE_RATE: '-0.1' }, 0.2],
  ])('environment %j gives a failure probability of %d', (env, rate) => {
    // GIVEN FAILURE_RATE unset, valid or out of range
    // WHEN read
    // THEN a probability in [0, 1] comes back, 0.2 unless a valid one is set
    expect(failureRate(env)).toBe(rate);
  });
});

describe('nightly-batch flaky step handler', () => {
  test('an attempt whose draw is at or above the failure rate completes the step', async () => {
    // GIVEN the default 20 % failure rate and a draw of 0.2
    delete process.env.FAILURE_RATE;
    jest.spyOn(Math, 'random').mockReturnValue(0.2);
    // WHEN the reconcile step runs
    // THEN it completes for the night
    await expect(run('reconcile_accounts')).resolves.toStrictEqual({ step: 'reconcile_accounts', night: '2026-11-24', done: true });
  });

  test('an attempt whose draw is below the failure rate throws TransientError naming the step and attempt', async () => {
    // GIVEN a draw of 0.19 under the default 20 % rate, on the third attempt
    delete process.env.FAILURE_RATE;
    jest.spyOn(Math, 'random').mockReturnValue(0.19);
    // WHEN the snapshot step runs
    const out = run('snapshot', 2);
    // THEN it fails with the error the transient policy retries
    await expect(out).rejects.toThrow(TransientError);
    await expect(out).rejects.toThrow('snapshot: database connection reset (attempt 3)');
  });

  test('FAILURE_RATE=1 fails every attempt (what ends in the dead-letter queue) and 0 none', async () => {
    // GIVEN the largest possible draw
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    // WHEN the step runs with FAILURE_RATE 1, then 0
    process.env.FAILURE_RATE = '1';
    const always = run('compute_interest');
    await expect(always).rejects.toThrow(TransientError);
    process.env.FAILURE_RATE = '0';
    jest.spyOn(Math, 'random').mockReturnValue(0);
    // THEN the first always fails and the second never does
    await expect(run('compute_interest')).resolves.toStrictEqual({ step: 'compute_interest', night: '2026-11-24', done: true });
  });

  test('without a night in the input the step runs for today', async () => {
    // GIVEN an input without a night and a draw that succeeds
    process.env.FAILURE_RATE = '0';
    // WHEN the step runs
    const out = await handler(taskEvent('nightly_batch', 'publish_report', {}), LAMBDA_CONTEXT);
    // THEN the night is "today"
    expect(out).toStrictEqual({ step: 'publish_report', night: 'today', done: true });
  });
});
