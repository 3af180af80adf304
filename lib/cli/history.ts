import { HistoryEvent } from '@aws-sdk/client-sfn';
import { EXIT_OK } from './io';
import { validateArn } from './private/aws/arns';
import { AwsOptions, awsClients, withAwsOptions } from './private/aws/clients';
import { eventSummary, executionHistory } from './private/aws/history';
import type { RegisterCommand } from './program';

/** `dagstep history <executionArn> [--json] [--region r] [--profile p]`: the whole history, paginated, as a table. */
export const registerHistory: RegisterCommand = (program, ctx) => {
  withAwsOptions(program.command('history')
    .description('print the execution history of a deployed workflow run')
    .argument('<executionArn>')
    .option('--json', 'print the events as JSON'))
    .action((arn: string, o: AwsOptions & { json?: boolean }) => ctx.run(async () => {
      const region = validateArn('execution', arn, 'executionArn');
      const events = await executionHistory(awsClients(o, region).sfn, arn);
      ctx.io.stdout(o.json ? `${JSON.stringify(events)}\n` : formatHistory(events));
      return EXIT_OK;
    }));
};

/** id, time, type, state and error of each event; states named from the event they follow. */
export function formatHistory(events: readonly HistoryEvent[]): string {
  const stateOf = new Map<number, string>();
  const rows = events.map((e) => {
    const s = eventSummary(e);
    const state = s.state ?? stateOf.get(e.previousEventId ?? -1) ?? '';
    stateOf.set(e.id ?? 0, state);
    const at = e.timestamp instanceof Date ? e.timestamp.toISOString() : String(e.timestamp ?? '');
    return [String(e.id ?? ''), at, String(e.type ?? ''), state, s.error ?? ''];
  });
  const widths = [2, 3, 4, 5].map((_, i) => Math.max(...rows.map((r) => r[i].length), ['id', 'time', 'type', 'state'][i].length));
  const line = (r: string[]) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  return `${[line(['id', 'time', 'type', 'state', 'error']), ...rows.map(line)].join('\n')}\n`;
}
