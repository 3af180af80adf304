import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { UpstreamDependencyError, ValidationError } from '../../../../lambdas/errors';
import { handler, STATEMENT_INPUTS } from '../../../../examples/nightly-batch/handlers/send-statements';

const DONE = {
  reconcile_accounts: { step: 'reconcile_accounts', night: '2026-11-24', done: true },
  compute_interest: { step: 'compute_interest', night: '2026-11-24', done: true },
};
const run = (input: object, results: Record<string, unknown> = DONE) => handler(taskEvent('nightly_batch', 'send_statements', input, { results }), LAMBDA_CONTEXT);

describe('nightly-batch send_statements handler', () => {
  test('mails the statements once reconciliation and interest are done', async () => {
    // GIVEN both inputs of the statements
    // WHEN statements are sent
    // THEN they went by mail for the night
    expect(STATEMENT_INPUTS).toStrictEqual(['reconcile_accounts', 'compute_interest']);
    await expect(run({ night: '2026-11-24' })).resolves.toStrictEqual({ night: '2026-11-24', sent: true, via: 'mail' });
  });

  test('a mail outage throws UpstreamDependencyError (retried, then the fallback runs)', async () => {
    // GIVEN an input simulating the mail service down
    // WHEN statements are sent
    const out = run({ night: '2026-11-24', mailDown: true });
    // THEN the error is the one the upstream policy and the fallback catch
    await expect(out).rejects.toThrow(UpstreamDependencyError);
    await expect(out).rejects.toThrow('send_statements: the mail service is unavailable');
  });

  test('a missing dependency result throws ValidationError naming it', async () => {
    // GIVEN only the reconciliation result
    // WHEN statements are sent
    const out = run({ night: '2026-11-24' }, { reconcile_accounts: DONE.reconcile_accounts });
    // THEN it fails fast naming the missing result
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow('send_statements: results.compute_interest is missing; expected reconcile_accounts and compute_interest to have run');
  });
});
