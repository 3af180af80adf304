import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CliIO, EXIT_OK, EXIT_USER_ERROR } from './io';
import { validateArn } from './private/aws/arns';
import { AwsOptions, awsClients, withAwsOptions } from './private/aws/clients';
import { aws } from './private/aws/errors';
import { eventSummary, executionHistory } from './private/aws/history';
import type { RegisterCommand } from './program';

const TASK_EVENTS: Record<string, string> = {
  TaskStateEntered: 'started', TaskSucceeded: 'succeeded', TaskFailed: 'failed', TaskTimedOut: 'timed out',
  MapStateEntered: 'started', MapStateSucceeded: 'succeeded', MapStateFailed: 'failed',
};

/**
 * Follows an execution until it ends: polls its history (only new events) and prints one line per
 * task state change. Exit 0 if it SUCCEEDED, 1 otherwise.
 */
export async function watchExecution(sfn: SFNClient, arn: string, io: CliIO, sleep: (ms: number) => Promise<void>, intervalMs: number): Promise<number> {
  let lastId = 0;
  const stateOf = new Map<number, string>();
  const attempts = new Map<string, number>();
  let started: number | undefined;
  for (;;) {
    const events = await executionHistory(sfn, arn, lastId);
    for (const e of events) {
      const s = eventSummary(e);
      const state = s.state ?? stateOf.get(e.previousEventId ?? -1) ?? '';
      stateOf.set(e.id ?? 0, state);
      const t = e.timestamp instanceof Date ? e.timestamp.getTime() : Date.now();
      started ??= t;
      const what = TASK_EVENTS[String(e.type)];
      if (what) {
        if (what === 'started') attempts.set(state, 0);
        if (e.type === 'TaskFailed' || e.type === 'TaskTimedOut') attempts.set(state, (attempts.get(state) ?? 0) + 1);
        io.stdout(`+${((t - started) / 1000).toFixed(1)}s  ${state}  ${what}${s.error ? ` (${s.error}, attempt ${attempts.get(state)})` : ''}\n`);
      }
      lastId = Math.max(lastId, e.id ?? 0);
    }
    const d = await aws(arn, () => sfn.send(new DescribeExecutionCommand({ executionArn: arn })), 'states:DescribeExecution');
    if (d.status !== 'RUNNING' && d.status !== 'PENDING_REDRIVE') {
      io.stdout(`${d.status}${d.error ? `: ${d.error}${d.cause ? ` — ${d.cause}` : ''}` : ''}\n`);
      return d.status === 'SUCCEEDED' ? EXIT_OK : EXIT_USER_ERROR;
    }
    await sleep(intervalMs);
  }
}

/** `dagstep watch <executionArn> [--interval seconds] [--region r] [--profile p]`. */
export const registerWatch: RegisterCommand = (program, ctx) => {
  withAwsOptions(program.command('watch')
    .description('follow a running execution: one line per task state change, until it ends')
    .argument('<executionArn>')
    .option('--interval <seconds>', 'poll interval', (v) => Number(v), 2))
    .action((arn: string, o: AwsOptions & { interval: number }) => ctx.run(() => {
      const region = validateArn('execution', arn, 'executionArn');
      return watchExecution(awsClients(o, region).sfn, arn, ctx.io, (ms) => new Promise((r) => setTimeout(r, ms)), o.interval * 1000);
    }));
};
