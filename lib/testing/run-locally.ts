import * as path from 'path';
import { SpecError } from '../model/errors';
import { loadSpecFile } from '../model/spec-loader';
import type { WorkflowModel } from '../model/types';
import type { ExecutionResult } from '../local/engine';
import { FaultSpec, parseFault } from '../local/faults';
import { LocalWorkflow, RunSummary } from './local-workflow';

/** Options of {@link runLocally}. */
export interface RunLocallyOptions {
  /** The execution input. @default {} */
  readonly input?: unknown;
  /**
   * Failures to inject, as objects or as the CLI's `--fail` text: `'extract=transient:2'` fails
   * the first two attempts of `extract` with a TransientError. @default - none
   */
  readonly faults?: readonly (FaultSpec | string)[];
  /** Seed of the retry jitter and random choices, for a repeatable run. @default 1 */
  readonly seed?: number;
}

/** The outcome of a local run: the run summary, plus the full execution (history, attempts, dead letters). */
export interface LocalRun extends RunSummary {
  readonly execution: ExecutionResult;
}

/**
 * Runs a workflow in-process, inside a test: compiles it to the definition its stack deploys and
 * interprets it with the workflow's real handlers on a virtual clock (a 10-minute task takes no
 * time), failing the tasks `faults` names. Takes a spec file path (.json, .yaml), a model or a
 * `WorkflowBuilder`.
 */
export async function runLocally(workflow: string | WorkflowModel | { toModel(): WorkflowModel }, options: RunLocallyOptions = {}): Promise<LocalRun> {
  const model = typeof workflow === 'string' ? loadSpec(workflow) : 'toModel' in workflow ? workflow.toModel() : workflow;
  const faults = (options.faults ?? []).map((f) => (typeof f === 'string' ? parseFault(f) : f));
  const { summary, result } = await new LocalWorkflow(model).run({ input: options.input ?? {}, faults, seed: options.seed ?? 1 });
  return { ...summary, execution: result };
}

function loadSpec(file: string): WorkflowModel {
  if (!/\.(json|ya?ml)$/i.test(file)) throw new SpecError({ file, message: 'runLocally takes a spec file (.json, .yaml, .yml); import a DSL module and pass its WorkflowBuilder or model instead' });
  return loadSpecFile(path.resolve(file));
}
