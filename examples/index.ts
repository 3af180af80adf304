import * as path from 'path';
import { loadSpecFile } from '../lib/model/spec-loader';
import type { WorkflowModel } from '../lib/model/types';
import { nightlyBatch } from './nightly-batch/workflow';

/** The three example workflows: one YAML spec, one DSL module, one JSON spec. */
export const EXAMPLES: readonly { readonly name: string; readonly file: string; readonly load: () => WorkflowModel }[] = [
  { name: 'etl', file: path.join(__dirname, 'etl', 'etl.yaml'), load: () => loadSpecFile(path.join(__dirname, 'etl', 'etl.yaml')) },
  { name: 'nightly_batch', file: path.join(__dirname, 'nightly-batch', 'workflow.ts'), load: nightlyBatch },
  { name: 'five_step', file: path.join(__dirname, 'five-step', 'five-step.json'), load: () => loadSpecFile(path.join(__dirname, 'five-step', 'five-step.json')) },
];

/** Every example's model. */
export function loadExamples(): WorkflowModel[] {
  return EXAMPLES.map((e) => e.load());
}
