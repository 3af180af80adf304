import { Option } from 'commander';
import { formatReport, runChecks } from '../compile/checks';
import type { AslMachine } from '../compile/checks/asl-walk';
import { compileDefinition } from '../constructs/render-asl';
import type { LayoutMode } from '../model/types';
import { EXIT_OK, EXIT_USER_ERROR } from './io';
import { loadWorkflow } from './private/load-workflow';
import type { RegisterCommand } from './program';

/** `dagstep check <spec> [--json]`: the QA checklist as compiler checks; exit 1 on any failure. */
export const registerCheck: RegisterCommand = (program, ctx) => {
  program.command('check')
    .description('run the QA checklist (idempotent retries, failure paths, timeouts, map limits, secrets, Step Functions limits)')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .option('--json', 'print the report as one JSON object')
    .addOption(new Option('-l, --layout <layout>', 'layout strategy').choices(['naive', 'sp', 'exact', 'auto']))
    .action((spec: string, opts: { json?: boolean; layout?: LayoutMode }) => ctx.run(() => {
      const model = loadWorkflow(spec);
      const report = runChecks(model, (m) => {
        const compiled = compileDefinition(m, { layout: opts.layout });
        return { definition: compiled.definition as unknown as AslMachine, children: Object.values(compiled.children) as unknown as AslMachine[] };
      }, opts.layout);
      ctx.io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      return report.ok ? EXIT_OK : EXIT_USER_ERROR;
    }));
};
