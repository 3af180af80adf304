import * as path from 'path';
import { loadSpecFile } from '../lib/model/spec-loader';
import type { WorkflowModel } from '../lib/model/types';
import { nightlyBatch } from './nightly-batch/workflow';

/** One example workflow our users bring. */
export interface Example {
  /** The workflow name (also the stack and runbook name). */
  readonly name: string;
  /** The file the CLI loads: the spec file, or the DSL module. */
  readonly file: string;
  /** The spec file, for examples written as a YAML/JSON spec. @default none (a DSL module) */
  readonly spec?: string;
  /** Builds the example's model. */
  readonly load: () => WorkflowModel;
}

const ETL_SPEC = path.join(__dirname, 'etl', 'etl.yaml');
const FIVE_STEP_SPEC = path.join(__dirname, 'five-step', 'five-step.json');

/** The three example workflows: one YAML spec, one DSL module, one JSON spec. */
export const EXAMPLES: readonly Example[] = [
  { name: 'etl', file: ETL_SPEC, spec: ETL_SPEC, load: () => loadSpecFile(ETL_SPEC) },
  { name: 'nightly_batch', file: path.join(__dirname, 'nightly-batch', 'workflow.ts'), load: nightlyBatch },
  { name: 'five_step', file: FIVE_STEP_SPEC, spec: FIVE_STEP_SPEC, load: () => loadSpecFile(FIVE_STEP_SPEC) },
];

/** Every example's model, in the order of {@link EXAMPLES}. */
export function loadExamples(): WorkflowModel[] {
  return EXAMPLES.map((e) => e.load());
}
