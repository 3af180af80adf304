import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { EXIT_OK, EXIT_USER_ERROR } from './io';
import { SpecError } from '../model/errors';
import { closest } from '../model/did-you-mean';
import type { WorkflowModel } from '../model/types';
import { validateArn } from './private/aws/arns';
import { AwsOptions, awsClients, withAwsOptions } from './private/aws/clients';
import { executionHistory } from './private/aws/history';
import { loadWorkflow } from './private/load-workflow';
import { writeReport } from './private/report-file';
import { readRecording, recordedMocks, tasksFrom } from './private/replay/recording';
import { formatSummary } from './run';
import { LocalWorkflow, RunSummary } from '../testing/local-workflow';
import type { RegisterCommand } from './program';

/** What a replay gives: the local run of the recorded execution, and how the recorded one ended. */
export interface Replay {
  readonly recordedStatus?: string;
  readonly summary: RunSummary;
  readonly result: Awaited<ReturnType<LocalWorkflow['run']>>['result'];
}

/**
 * Replays a recorded execution locally: the same definition (compiled from `model`) on the virtual
 * clock, with the execution's recorded input, each Task state answered by its recorded result or
 * error; with `from`, that task and those after it run the current handler code instead.
 */
export async function replayExecution(model: WorkflowModel, events: readonly HistoryEvent[], from?: string): Promise<Replay> {
  if (from !== undefined && !model.tasks.some((t) => t.id === from)) {
    const hint = closest(from, model.tasks.map((t) => t.id));
    throw new SpecError({ file: model.source, taskId: from, field: '--from', message: `no task "${from}" in workflow "${model.name}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
  }
  const started = events.find((e) => e.type === 'ExecutionStarted')?.executionStartedEventDetails?.input;
  const ended = [...events].reverse().find((e) => /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(String(e.type)));
  const recording = readRecording(events);
  const { summary, result } = await new LocalWorkflow(model).run({
    input: started === undefined ? {} : JSON.parse(started),
    mockTask: recordedMocks(recording, from === undefined ? undefined : tasksFrom(model, from)),
  });
  const recordedStatus = ended && String(ended.type).replace(/^Execution/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return { recordedStatus, summary, result };
}

/** `dagstep replay <executionArn> --spec <spec> [--from <task>] [--report f.html] [--json]` plus `--region`/`--profile`. */
export const registerReplay: RegisterCommand = (program, ctx) => {
  withAwsOptions(program.command('replay')
    .description('re-run a deployed execution locally from its recorded history (--from <task> re-runs that task and those after it with the current code)')
    .argument('<executionArn>')
    .requiredOption('--spec <spec>', 'the workflow spec (.json/.yaml) or DSL module (.ts) the execution ran')
    .option('--from <task>', 're-run this task and every task after it with the current handlers')
    .option('--report <file>', 'write the HTML run report')
    .option('--json', 'print exactly one JSON object'))
    .action((arn: string, o: AwsOptions & { spec: string; from?: string; report?: string; json?: boolean }) => ctx.run(async () => {
      const region = validateArn('execution', arn, 'executionArn');
      const model = loadWorkflow(o.spec);
      const events = await executionHistory(awsClients(o, region).sfn, arn);
      const r = await replayExecution(model, events, o.from);
      if (o.report) writeReport(o.report, model, r.summary, r.result);
      ctx.io.stdout(o.json ? `${JSON.stringify({ recordedStatus: r.recordedStatus, ...r.summary })}\n`
        : `replay of ${arn} (recorded: ${r.recordedStatus ?? 'still running'}${o.from ? `; from "${o.from}" with the current code` : ''})\n${formatSummary(model.name, r.summary, o.report, model.tasks)}`);
      return r.summary.status === 'SUCCEEDED' ? EXIT_OK : EXIT_USER_ERROR;
    }));
};
