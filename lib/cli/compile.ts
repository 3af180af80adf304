import { Option } from 'commander';
import { criticalPath } from '../graph/critical-path';
import { toMermaid } from '../graph/mermaid';
import { compileDefinition } from '../constructs/render-asl';
import { EXIT_OK } from './io';
import { loadWorkflow } from './private/load-workflow';
import type { RegisterCommand } from './program';
import { LAYOUT_MODES, LayoutMode } from '../model/types';

/** Output formats of `dagstep compile`. */
export type CompileFormat = 'asl' | 'mermaid' | 'cfn';

/** `dagstep compile <spec> --format asl|mermaid|cfn [--layout ...]`: writes to stdout. */
export const registerCompile: RegisterCommand = (program, ctx) => {
  program.command('compile')
    .description('compile a workflow to its state machine definition (asl), a mermaid graph, or its CloudFormation template')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['asl', 'mermaid', 'cfn']).default('asl'))
    .addOption(new Option('-l, --layout <layout>', 'layout strategy').choices(LAYOUT_MODES))
    .action((spec: string, opts: { format: CompileFormat; layout?: LayoutMode }) => ctx.run(() => {
      ctx.io.stdout(compileToText(spec, opts.format, opts.layout));
      return EXIT_OK;
    }));
};

/** The text `dagstep compile` prints. */
export function compileToText(spec: string, format: CompileFormat, layout?: LayoutMode): string {
  const model = loadWorkflow(spec);
  if (format === 'mermaid') {
    const cp = criticalPath(model);
    return toMermaid(model, { criticalPath: cp.path });
  }
  const compiled = compileDefinition(model, { layout });
  const doc = format === 'asl' ? compiled.definition : compiled.template();
  return `${JSON.stringify(doc, null, 2)}\n`;
}
