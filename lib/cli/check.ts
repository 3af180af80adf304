import { Option } from 'commander';
import { formatReport, runChecks } from '../compile/checks';
import type { AslMachine } from '../compile/checks/asl-walk';
import { compileMachineDefinitions } from '../constructs/machine-definitions';
import { SpecError } from '../model/errors';
import { EXIT_OK, EXIT_USER_ERROR, readUserFile } from './io';
import { loadWorkflow } from './private/load-workflow';
import type { RegisterCommand } from './program';
import { LAYOUT_MODES, LayoutMode } from '../model/types';

/** `dagstep check <spec> [--json]`: the QA checklist as compiler checks; exit 1 on any failure. */
export const registerCheck: RegisterCommand = (program, ctx) => {
  program.command('check')
    .description('run the QA checklist (idempotent retries, failure paths, timeouts, map limits, secrets, Step Functions limits)')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .option('--json', 'print the report as one JSON object')
    .addOption(new Option('-l, --layout <layout>', 'layout strategy').choices(LAYOUT_MODES))
    .option('--previous <file>', 'the deployed definition (ASL JSON) to warn about removed or renamed tasks')
    .action((spec: string, opts: { json?: boolean; layout?: LayoutMode; previous?: string }) => ctx.run(() => {
      const model = loadWorkflow(spec);
      const previous = opts.previous !== undefined ? readPreviousDefinition(opts.previous) : undefined;
      const report = runChecks(model, (m) => {
        const compiled = compileMachineDefinitions(m, { layout: opts.layout });
        return { definition: compiled.definition as unknown as AslMachine, children: Object.values(compiled.children) as unknown as AslMachine[] };
      }, opts.layout, previous);
      ctx.io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      return report.ok ? EXIT_OK : EXIT_USER_ERROR;
    }));
};

/** The previous definition: an ASL JSON file (`aws stepfunctions describe-state-machine ... --query definition`). */
function readPreviousDefinition(file: string): AslMachine {
  const text = readUserFile(file, '--previous');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new SpecError({ file, field: '--previous', message: `expected a readable ASL JSON file, received ${(e as Error).message}` });
  }
  const m = parsed as Partial<AslMachine>;
  if (typeof m !== 'object' || m === null || typeof m.StartAt !== 'string' || typeof m.States !== 'object') {
    throw new SpecError({ file, field: '--previous', message: 'expected an ASL definition with "StartAt" and "States"' });
  }
  return m as AslMachine;
}
