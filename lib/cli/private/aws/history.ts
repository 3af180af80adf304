import { GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { aws } from './errors';

/** Every history event of an execution after `afterId`, following nextToken pages. */
export async function executionHistory(sfn: SFNClient, executionArn: string, afterId = 0): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await aws(executionArn, () => sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, reverseOrder: false, nextToken })), 'states:GetExecutionHistory');
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events.filter((e) => (e.id ?? 0) > afterId);
}

/** The state name and error of an event, whichever details field it carries. */
export function eventSummary(e: HistoryEvent): { state?: string; error?: string } {
  let state: string | undefined;
  let error: string | undefined;
  for (const v of Object.values(e)) {
    if (v && typeof v === 'object') {
      const d = v as { name?: string; error?: string; cause?: string };
      if (typeof d.name === 'string') state ??= d.name;
      if (typeof d.error === 'string') error ??= d.error;
    }
  }
  return { state, error };
}
