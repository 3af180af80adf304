import { UpstreamDependencyError } from '../../../lambdas/errors';
import { instrument } from '../../../lambdas/instrument';
import type { TaskEvent } from '../../../lambdas/types';

/** Mails statements; the mail service may be down (input.mailDown), which the fallback handles. */
export const handler = instrument('send_statements', async (event: TaskEvent<{ mailDown?: boolean }>) => {
  if (event.input.mailDown) throw new UpstreamDependencyError('mail service unavailable');
  return { sent: Object.keys(event.results).length, via: 'mail' };
});
