import * as fs from 'fs';
import * as path from 'path';
import { Option } from 'commander';
import { criticalPath } from '../graph/critical-path';
import { toMermaid } from '../graph/mermaid';
import { SpecError } from '../model/errors';
import { compileMachineDefinitions } from '../constructs/machine-definitions';
import { compileDefinition } from '../constructs/render-asl';
import { EXIT_OK } from './io';
import { loadWorkflow } from './private/load-workflow';
import type { RegisterCommand } from './program';
import { LAYOUT_MODES, LayoutMode } from '../model/types';

/** Output formats of `dagstep compile`. */
export type CompileFormat = 'asl' | 'mermaid' | 'cfn';

/**
 * `dagstep compile <spec> --format asl|mermaid|cfn [--layout ...]`: writes to stdout; with
 * `--out-dir DIR`, writes every definition (parent and child state machines) as files instead.
 */
export const registerCompile: RegisterCommand = (program, ctx) => {
  program.command('compile')
    .description('compile a workflow to its state machine definition (asl), a mermaid graph, or its CloudFormation template')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['asl', 'mermaid', 'cfn']).default('asl'))
    .addOption(new Option('-l, --layout <layout>', 'layout strategy').choices(LAYOUT_MODES))
    .option('-o, --out-dir <dir>', 'write each state machine definition (a partitioned workflow\'s parent and children) to <dir> as <workflow>[.child<N>].asl.json')
    .action((spec: string, opts: { format: CompileFormat; layout?: LayoutMode; outDir?: string }) => ctx.run(() => {
      if (opts.outDir === undefined) {
        ctx.io.stdout(compileToText(spec, opts.format, opts.layout));
      } else {
        if (opts.format !== 'asl') throw new SpecError({ file: spec, message: `--out-dir writes state machine definitions (--format asl), not --format ${opts.format}` });
        for (const f of writeDefinitions(spec, opts.outDir, opts.layout)) ctx.io.stdout(`${f.file}  ${f.what}\n`);
      }
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
  // The definition needs the machines only; the template, the whole stack.
  const doc = format === 'asl' ? compileMachineDefinitions(model, { layout }).definition : compileDefinition(model, { layout }).template();
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** One file `compile --out-dir` wrote. */
export interface WrittenDefinition {
  readonly file: string;
  /** "state machine", or "child state machine N (<placeholder ARN the parent starts>)". */
  readonly what: string;
}

/**
 * Writes the definition of every state machine of a workflow into `dir`: `<workflow>.asl.json`,
 * and `<workflow>.child<N>.asl.json` for each child of a partitioned workflow.
 */
export function writeDefinitions(spec: string, dir: string, layout?: LayoutMode): WrittenDefinition[] {
  const model = loadWorkflow(spec);
  const compiled = compileMachineDefinitions(model, { layout });
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, def: unknown, what: string): WrittenDefinition => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${JSON.stringify(def, null, 2)}\n`);
    return { file, what };
  };
  return [
    write(`${model.name}.asl.json`, compiled.definition, 'state machine'),
    ...Object.entries(compiled.children).map(([arn, def], i) => write(`${model.name}.child${i + 1}.asl.json`, def, `child state machine ${i + 1} (${arn})`)),
  ];
}
