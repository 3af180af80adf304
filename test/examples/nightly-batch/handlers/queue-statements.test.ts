import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { handler } from '../../../../examples/nightly-batch/handlers/queue-statements';

describe('nightly-batch queue_statements handler (fallback of send_statements)', () => {
  test('queues the statements and says which failure it replaces', async () => {
    // GIVEN the failure of send_statements, as the Catch passes it
    const failure = { Error: 'UpstreamDependencyError', Cause: '{"errorMessage":"send_statements: the mail service is unavailable"}' };
    // WHEN the fallback runs with send_statements' dependency results
    const out = await handler(taskEvent('nightly_batch', 'queue_statements', { night: '2026-11-24' }, {
      results: { reconcile_accounts: { done: true }, compute_interest: { done: true } }, failure,
    }), LAMBDA_CONTEXT);
    // THEN the statements are queued for the morning, because of that error
    expect(out).toStrictEqual({ night: '2026-11-24', queued: true, via: 'queue', because: 'UpstreamDependencyError' });
  });

  test('without a failure or night it still queues, for today, for an unknown reason', async () => {
    // GIVEN an event without failure and night
    // WHEN the fallback runs
    const out = await handler(taskEvent('nightly_batch', 'queue_statements', {}), LAMBDA_CONTEXT);
    // THEN it queues with the defaults
    expect(out).toStrictEqual({ night: 'today', queued: true, via: 'queue', because: 'unknown' });
  });
});
