import * as fs from 'fs';
import * as path from 'path';
import { renderRunbook } from '../constructs/observability/runbook';
import { WorkflowStack } from '../constructs/workflow-stack';
import { scratchApp } from '../constructs/scratch-app';
import type { WorkflowModel } from '../model/types';
import { EXIT_OK } from './io';
import { loadWorkflow } from './private/load-workflow';
import type { RegisterCommand } from './program';

/** The runbook of a workflow, with the alarms its stack really creates. */
export function runbookOf(model: WorkflowModel): string {
  const scratch = scratchApp();
  try {
    const stack = new WorkflowStack(scratch.app, undefined, { model });
    return renderRunbook(model, stack.workflow.observability?.alarmSpecs() ?? []);
  } finally {
    scratch.dispose();
  }
}

/** `dagstep runbook <spec> [--out file.md]`: the on-call runbook in markdown. */
export const registerRunbook: RegisterCommand = (program, ctx) => {
  program.command('runbook')
    .description('write the on-call runbook (markdown): the graph, each alarm and what to do, finding, fixing and redriving failures')
    .argument('<spec>', 'workflow spec (.json/.yaml) or DSL module (.ts)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action((spec: string, opts: { out?: string }) => ctx.run(() => {
      const text = runbookOf(loadWorkflow(spec));
      if (opts.out) {
        fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
        fs.writeFileSync(opts.out, text);
      } else {
        ctx.io.stdout(text);
      }
      return EXIT_OK;
    }));
};
