import { callbackMocks, CallbackMockOptions, withCallbackMockOptions } from './private/callback-mocks';
import { formatDuration, plural } from '../local/report/format';
import { writeReport } from './private/report-file';
import { EXIT_OK, EXIT_USER_ERROR } from './io';
import { LocalWorkflow, RunSummary } from '../testing/local-workflow';
import { loadWorkflow } from './private/load-workflow';
import { readInput } from './private/input';
import { addLocalRunFlags, LocalRunFlags, localRunOptionsOf } from './private/local-run-flags';
import type { RegisterCommand } from './program';

/** `dagstep run <spec>`: runs the compiled definition in-process with the real handlers. */
export const registerRun: RegisterCommand = (program, ctx) => {
  addLocalRunFlags(withCallbackMockOptions(program.command('run'))
    .description('run the compiled state machine locally, in-process, on a virtual clock')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)'))
    .option('--real-time', 'actually wait for task durations, retries and Wait states')
    .option('--report <file>', 'write the HTML run report')
    .option('--json', 'print exactly one JSON object')
    .option('--redrive', 'when the run fails, redrive it once as `dlq redrive` would, without the --fail faults, and show what it re-ran')
    .action((spec: string, opts: RunFlags) => ctx.run(async () => {
      const model = loadWorkflow(spec);
      const local = new LocalWorkflow(model);
      const mocks = callbackMocks(model, opts);
      const options = { ...localRunOptionsOf(model, opts), ...(mocks ? { mocks } : {}), realTime: opts.realTime };
      const { summary, result } = await local.run(options);
      // The redrive: the same execution, the same options but the faults (the cause was fixed).
      const redriven = opts.redrive && summary.status !== 'SUCCEEDED' ? await local.redrive(result, { ...options, input: undefined, faults: [] }) : undefined;
      const last = redriven ?? { summary, result };
      if (opts.report) writeReport(opts.report, model, last.summary, last.result);
      if (opts.json) ctx.io.stdout(`${JSON.stringify(redriven ? { run: summary, redrive: redriven.summary } : summary)}\n`);
      else {
        ctx.io.stdout(formatSummary(model.name, summary, redriven ? undefined : opts.report, model.tasks));
        if (redriven) ctx.io.stdout(formatRedrive(model.name, redriven.summary, opts.report, model.tasks));
      }
      return last.summary.status === 'SUCCEEDED' ? EXIT_OK : EXIT_USER_ERROR;
    }));
};

interface RunFlags extends LocalRunFlags, CallbackMockOptions {
  readonly realTime?: boolean;
  readonly redrive?: boolean;
  readonly report?: string;
  readonly json?: boolean;
}

/** Reads an `--input` value (a JSON file or inline JSON), as a user error when it is neither. */
export function readJson(value: string): unknown {
  return readInput(value);
}

/**
 * The short human summary of a run. With the workflow's tasks, a task that failed and whose
 * fallback then succeeded reads RESCUED (by the fallback), not FAILED.
 */
export function formatSummary(workflow: string, s: RunSummary, report?: string, tasks: readonly { id: string; fallback?: string }[] = []): string {
  const fallbackOf = new Map(tasks.filter((t) => t.fallback).map((t) => [t.id, t.fallback!]));
  const lines = [`${workflow}: ${s.status} in ${formatDuration(s.makespanSeconds)} simulated, ${plural(s.transitions, 'transition')}`];
  if (s.error) lines.push(`  error: ${s.error}${s.cause ? ` — ${s.cause}` : ''}`);
  const width = Math.max(...Object.keys(s.tasks).map((k) => k.length));
  for (const [id, t] of Object.entries(s.tasks)) {
    const fb = fallbackOf.get(id);
    const rescued = fb !== undefined && t.status === 'FAILED' && s.tasks[fb]?.status === 'SUCCEEDED';
    lines.push(`  ${id.padEnd(width)}  ${(rescued ? 'RESCUED' : t.status).padEnd(9)} ${plural(t.attempts, 'attempt')}${rescued ? ` (${fb} ran in its place)` : ''}`);
  }
  for (const d of s.deadLetters) lines.push(`  dead letter: task ${String(d.taskId)}: ${String(d.error)}`);
  if (report) lines.push(`  report: ${report}`);
  return `${lines.join('\n')}\n`;
}

/** The summary of a redrive: what it re-ran (attempts per task), then the run as {@link formatSummary} shows it. */
export function formatRedrive(workflow: string, s: RunSummary, report?: string, tasks: readonly { id: string; fallback?: string }[] = []): string {
  const reran = Object.entries(s.redriven?.reran ?? {}).map(([id, n]) => `${id} (${plural(n, 'attempt')})`);
  return `redrive ${s.redriven?.count ?? 1} (as \`dlq redrive\` would, without the --fail faults): re-ran ${reran.length > 0 ? reran.join(', ') : 'no task'}\n`
    + formatSummary(workflow, s, report, tasks);
}
