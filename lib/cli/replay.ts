import { EXIT_OK, EXIT_USER_ERROR } from './io';
import { positiveInt } from './private/flag-values';
import { isUnsuccessful } from '../model/contract';
import { SpecError } from '../model/errors';
import { closest } from '../model/did-you-mean';
import type { WorkflowModel } from '../model/types';
import { compileDefinition, CompiledDefinition } from '../constructs/render-asl';
import { validateArn } from './private/aws/arns';
import { AwsOptions, awsClients, withAwsOptions } from './private/aws/clients';
import { loadWorkflow } from './private/load-workflow';
import { writeReport } from './private/report-file';
import { checkRecordingMatches } from './private/replay/definition-match';
import { executionsOf, readExecutionTree, RecordedExecution, treeRecording } from './private/replay/execution-tree';
import { findSpecFile, workflowOfExecution } from './private/replay/find-spec';
import { recordedMocks, tasksFrom } from './private/replay/recording';
import { formatSummary } from './run';
import { LocalWorkflow, RunSummary } from '../testing/local-workflow';
import type { RegisterCommand } from './program';

/** What a replay gives: the local run of the recorded execution, and how the recorded one ended. */
export interface Replay {
  readonly recordedStatus?: string;
  /** The recorded executions replayed: the root, then the child executions read (a partitioned workflow's). */
  readonly recordedExecutions: readonly string[];
  readonly summary: RunSummary;
  readonly result: Awaited<ReturnType<LocalWorkflow['run']>>['result'];
}

/** Options of {@link replayExecution}. */
export interface ReplayOptions {
  /** Re-run this task and every task that depends on it with the current handlers. @default none */
  readonly from?: string;
  /** The definition the execution ran. @default - compiled from the model */
  readonly compiled?: CompiledDefinition;
}

/**
 * Replays a recorded execution locally: the same definition (compiled from `model`) on the virtual
 * clock, with the execution's recorded input, each Task state answered by its recorded result or
 * error; a redriven execution is redriven locally as many times as it was. A partitioned
 * workflow's child machines run locally too, their Task states answered from the child
 * executions' own recordings. With `from`, that task and those after it run the current handler
 * code instead, wherever they are (the parent or a child).
 */
export async function replayExecution(model: WorkflowModel, recorded: RecordedExecution, options: ReplayOptions = {}): Promise<Replay> {
  const { from } = options;
  if (from !== undefined && !model.tasks.some((t) => t.id === from)) {
    const hint = closest(from, model.tasks.map((t) => t.id));
    throw new SpecError({ file: model.source, taskId: from, field: '--from', message: `no task "${from}" in workflow "${model.name}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
  }
  const compiled = options.compiled ?? compileDefinition(model);
  checkRecordingMatches(model, compiled, recorded);
  const events = recorded.events;
  const started = events.find((e) => e.type === 'ExecutionStarted')?.executionStartedEventDetails?.input;
  const ended = [...events].reverse().find((e) => /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(String(e.type)));
  const workflow = new LocalWorkflow(model, compiled);
  // One answerer for every run: each Task state takes its recorded outcomes in the order they happened, across redrives.
  const mockTask = recordedMocks(treeRecording(recorded), from === undefined ? undefined : tasksFrom(model, from));
  let run = await workflow.run({ input: started === undefined ? {} : JSON.parse(started), mockTask });
  // A redriven execution keeps one history for all its runs, each redrive marked by an
  // ExecutionRedriven event ("ExecutionRedrivenEventDetails", Step Functions API reference), and a
  // redrive "continues the failed execution from the unsuccessful step" ("RedriveExecution"): so
  // is its replay, for as many redrives as were recorded and as long as the local run is unsuccessful.
  const redrives = events.filter((e) => e.type === 'ExecutionRedriven').length;
  for (let i = 0; i < redrives && isUnsuccessful(run.result.status); i++) run = await workflow.redrive(run.result, { mockTask });
  const recordedStatus = ended && String(ended.type).replace(/^Execution/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return { recordedStatus, recordedExecutions: executionsOf(recorded).map((e) => e.executionArn), summary: run.summary, result: run.result };
}

interface ReplayFlags extends AwsOptions {
  readonly spec?: string;
  readonly from?: string;
  readonly maxTasksPerStateMachine?: number;
  readonly report?: string;
  readonly json?: boolean;
}

/** `dagstep replay <executionArn> [--spec <spec>] [--from <task>] [--max-tasks-per-state-machine n] [--report f.html] [--json]` plus `--region`/`--profile`. */
export const registerReplay: RegisterCommand = (program, ctx) => {
  withAwsOptions(program.command('replay')
    .description('re-run a deployed execution locally from its recorded history (--from <task> re-runs that task and those after it with the current code)')
    .argument('<executionArn>')
    .option('--spec <spec>', 'the workflow spec (.json/.yaml) or DSL module (.ts) the execution ran (default: the spec under the current folder named as the state machine\'s dagstep:workflow tag)')
    .option('--from <task>', 're-run this task and every task after it with the current handlers')
    .option('--max-tasks-per-state-machine <n>', 'as the Workflow construct was given (default 300): how the workflow was split into child state machines', positiveInt)
    .option('--report <file>', 'write the HTML run report')
    .option('--json', 'print exactly one JSON object'))
    .action((arn: string, o: ReplayFlags) => ctx.run(async () => {
      const region = validateArn('execution', arn, 'executionArn');
      const { sfn } = awsClients(o, region);
      const model = loadWorkflow(o.spec ?? findSpecFile(await workflowOfExecution(sfn, arn), process.cwd()));
      const tree = await readExecutionTree(sfn, arn);
      const compiled = o.maxTasksPerStateMachine === undefined ? undefined : compileDefinition(model, { maxTasksPerStateMachine: o.maxTasksPerStateMachine });
      const r = await replayExecution(model, tree, { from: o.from, compiled });
      if (o.report) writeReport(o.report, model, r.summary, r.result);
      const children = r.recordedExecutions.length - 1;
      ctx.io.stdout(o.json ? `${JSON.stringify({ recordedStatus: r.recordedStatus, recordedExecutions: r.recordedExecutions, ...r.summary })}\n`
        : `replay of ${arn} (recorded: ${r.recordedStatus ?? 'still running'}${children > 0 ? `, with ${children} child execution${children > 1 ? 's' : ''}` : ''}`
          + `${o.from ? `; from "${o.from}" with the current code` : ''})\n${formatSummary(model.name, r.summary, o.report, model.tasks)}`);
      return r.summary.status === 'SUCCEEDED' ? EXIT_OK : EXIT_USER_ERROR;
    }));
};
