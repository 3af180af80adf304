import { UpstreamDependencyError, ValidationError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** What statements are built from: both must have finished. */
export const STATEMENT_INPUTS = ['reconcile_accounts', 'compute_interest'] as const;

/**
 * Mails statements built from the reconciled balances and the day's interest. The mail service may
 * be down (input.mailDown): the upstream policy retries, then the fallback queue_statements runs.
 */
export const handler = instrument('send_statements', async (event: TaskEvent<{ night?: string; mailDown?: boolean }>) => {
  const missing = STATEMENT_INPUTS.filter((id) => event.results[id] === undefined);
  if (missing.length > 0) throw new ValidationError(`send_statements: results.${missing[0]} is missing; expected ${STATEMENT_INPUTS.join(' and ')} to have run`);
  if (event.input.mailDown) throw new UpstreamDependencyError('send_statements: the mail service is unavailable');
  return { night: event.input.night ?? 'today', sent: true, via: 'mail' };
});
