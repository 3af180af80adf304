import * as path from 'path';
import { SpecError } from '../model/errors';
import { loadSpecFile } from '../model/spec-loader';
import type { WorkflowModel } from '../model/types';
import type { ExecutionResult } from '../local/engine';
import { LocalWorkflow, RunSummary } from './local-workflow';
import type { LocalRunOptions } from './local-run-options';

/** Options of {@link runLocally}: the same as `LocalWorkflow.run` and `dagstep run`. */
export type RunLocallyOptions = LocalRunOptions;

/** The outcome of a local run: the run summary, plus the full execution (history, attempts, dead letters). */
export interface LocalRun extends RunSummary {
  readonly execution: ExecutionResult;
  /**
   * Redrives this run as `dagstep dlq redrive` would (see `LocalWorkflow.redrive`): the same
   * execution continues at what did not succeed, with the options of the redrive (its faults,
   * mocks, secrets; no input). Its summary's `redriven.reran` is the work recovery re-runs.
   */
  redrive(options?: LocalRunOptions): Promise<LocalRun>;
}

/**
 * Runs a workflow in-process, inside a test: compiles it to the definition its stack deploys and
 * interprets it with the workflow's real handlers on a virtual clock (a 10-minute task takes no
 * time), failing the tasks `faults` names, with the same options and defaults as
 * `LocalWorkflow.run` and `dagstep run` ({@link LocalRunOptions}). Takes a spec file path (.json,
 * .yaml), a model or a `WorkflowBuilder`.
 */
export async function runLocally(workflow: string | WorkflowModel | { toModel(): WorkflowModel }, options: RunLocallyOptions = {}): Promise<LocalRun> {
  const model = typeof workflow === 'string' ? loadSpec(workflow) : 'toModel' in workflow ? workflow.toModel() : workflow;
  const local = new LocalWorkflow(model);
  return localRun(local, await local.run(options));
}

function localRun(local: LocalWorkflow, { summary, result }: { summary: RunSummary; result: ExecutionResult }): LocalRun {
  return { ...summary, execution: result, redrive: async (options) => localRun(local, await local.redrive(result, options)) };
}

function loadSpec(file: string): WorkflowModel {
  if (!/\.(json|ya?ml)$/i.test(file)) throw new SpecError({ file, message: 'runLocally takes a spec file (.json, .yaml, .yml); import a DSL module and pass its WorkflowBuilder or model instead' });
  return loadSpecFile(path.resolve(file));
}
