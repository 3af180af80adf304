import { SpecError } from '../model/errors';
import { InvalidArgumentError, Option } from 'commander';
import { compileDefinition } from '../constructs/render-asl';
import { FaultSpec, parseFault } from '../local/faults';
import { formatDuration, plural } from '../local/report/format';
import { writeReport } from './private/report-file';
import { checkUserFile, EXIT_OK, EXIT_USER_ERROR, readUserFile } from './io';
import { LocalWorkflow, RunSummary } from '../testing/local-workflow';
import { loadMocks } from '../testing/task-mocks';
import { loadWorkflow } from './private/load-workflow';
import { localSecretValues, withLocalSecrets, withTaskEnvironment } from './private/local-secrets';
import type { RegisterCommand } from './program';
import { LAYOUT_MODES, LayoutMode } from '../model/types';

/** `dagstep run <spec>`: runs the compiled definition in-process with the real handlers. */
export const registerRun: RegisterCommand = (program, ctx) => {
  program.command('run')
    .description('run the compiled state machine locally, in-process, on a virtual clock')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .option('-i, --input <file>', 'execution input (JSON file)')
    .option('--fail <taskId=kind[:times]>', 'inject a fault: kind is transient|validation|resource|upstream|permanent|timeout; times = only the first N attempts', collectFault, [])
    .option('--seed <n>', 'seed of the random source (retry jitter)', (v) => Number(v), 1)
    .option('--real-time', 'actually wait for task durations, retries and Wait states')
    .option('--report <file>', 'write the HTML run report')
    .addOption(new Option('-l, --layout <layout>', 'layout strategy').choices(LAYOUT_MODES))
    .option('--json', 'print exactly one JSON object')
    .option('--secrets <file>', 'secret values for getSecret(): a JSON object {"NAME": "value"} (never read from AWS)')
    .option('--secrets-env <prefix>', 'read secret NAME from the environment variable <prefix>NAME')
    .option('--mocks <file>', 'mocks of container/batch/glue/http/sdk/workflow tasks (JSON; default <workflow>.mocks.json beside the spec)')
    .action((spec: string, opts: RunOptions) => ctx.run(async () => {
      const model = loadWorkflow(spec);
      const input = opts.input ? readJson(opts.input) : {};
      const faults = opts.fail;
      for (const f of faults) {
        if (!model.tasks.some((t) => t.id === f.taskId)) {
          throw new SpecError({ file: spec, taskId: f.taskId, field: '--fail', message: `no task "${f.taskId}" in workflow "${model.name}"` });
        }
      }
      const local = new LocalWorkflow(model, compileDefinition(model, { layout: opts.layout }));
      const secrets = localSecretValues(model, { file: opts.secrets, envPrefix: opts.secretsEnv });
      const mocks = opts.mocks ? (checkUserFile(opts.mocks, '--mocks'), loadMocks(opts.mocks)) : undefined;
      const { summary, result } = await withLocalSecrets(secrets, () => local.run({
        input, faults, seed: opts.seed, realTime: opts.realTime, mocks, wrapInvoker: (invoke) => withTaskEnvironment(model, invoke),
      }));
      if (opts.report) writeReport(opts.report, model, summary, result);
      ctx.io.stdout(opts.json ? `${JSON.stringify(summary)}\n` : formatSummary(model.name, summary, opts.report));
      return summary.status === 'SUCCEEDED' ? EXIT_OK : EXIT_USER_ERROR;
    }));
};

interface RunOptions {
  readonly input?: string;
  readonly fail: FaultSpec[];
  readonly seed: number;
  readonly realTime?: boolean;
  readonly report?: string;
  readonly json?: boolean;
  readonly layout?: LayoutMode;
  readonly secrets?: string;
  readonly secretsEnv?: string;
  readonly mocks?: string;
}

function collectFault(v: string, acc: FaultSpec[]): FaultSpec[] {
  try {
    return [...acc, parseFault(v)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/** Reads a JSON file the user named, as a user error when it is missing or malformed. */
export function readJson(file: string, flag = '--input'): unknown {
  const text = readUserFile(file, flag);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SpecError({ file, message: `expected JSON: ${(e as Error).message}` });
  }
}

/** The short human summary of a run. */
export function formatSummary(workflow: string, s: RunSummary, report?: string): string {
  const lines = [`${workflow}: ${s.status} in ${formatDuration(s.makespanSeconds)} simulated, ${plural(s.transitions, 'transition')}`];
  if (s.error) lines.push(`  error: ${s.error}${s.cause ? ` — ${s.cause}` : ''}`);
  const width = Math.max(...Object.keys(s.tasks).map((k) => k.length));
  for (const [id, t] of Object.entries(s.tasks)) {
    lines.push(`  ${id.padEnd(width)}  ${t.status.padEnd(9)} ${plural(t.attempts, 'attempt')}`);
  }
  for (const d of s.deadLetters) lines.push(`  dead letter: task ${String(d.taskId)}: ${String(d.error)}`);
  if (report) lines.push(`  report: ${report}`);
  return `${lines.join('\n')}\n`;
}
