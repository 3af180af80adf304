import { SpecError } from '../model/errors';
import type { LayoutMode, WorkflowModel } from '../model/types';
import type { LambdaInvoker, RunOptions } from '../local/engine';
import { FaultSpec, parseFault } from '../local/faults';
import type { TaskMocks } from './task-mocks';

/**
 * The inputs of a local run, the same for every entry point: `runLocally`, `LocalWorkflow.run`,
 * `dagstep run` and `dagstep simulate` (whose flags `--input`, `--fail`, `--mocks`, `--secrets` /
 * `--secrets-env`, `--seed` and `--layout` fill exactly these fields). The defaults are applied
 * once, by {@link normaliseLocalRun}. In every entry point each handler runs with its task's
 * `environment` from the spec and the references of its declared `secrets`, as its function
 * would on AWS.
 */
export interface LocalRunOptions {
  /** The execution input. @default {} */
  readonly input?: unknown;
  /**
   * Failures to inject, as objects or as the CLI's `--fail` text: `'extract=transient:2'` fails
   * the first two attempts of `extract` with a TransientError. Each must name a task of the workflow.
   * @default - none
   */
  readonly faults?: readonly (FaultSpec | string)[];
  /** Mocks of the non-Lambda tasks. @default - `<workflow>.mocks.json` beside the spec (or the spec's `mocks:`) if it exists, else none */
  readonly mocks?: TaskMocks;
  /**
   * The values `getSecret` / `secrets().get` return, by secret name (never read from AWS). A name
   * a handler reads without a value fails the attempt with `SecretNotDeclaredError` saying how to
   * pass one. @default - none
   */
  readonly secrets?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /** Seed of the retry jitter and random choices: the same seed gives the same run. @default 1 */
  readonly seed?: number;
  /** The layout the workflow is compiled with. @default - the workflow's `layout`, else 'balanced' */
  readonly layout?: LayoutMode;

  /** Actually wait for task durations, retries and Wait states. @default false */
  readonly realTime?: boolean;
  /** The execution's name. @default - a generated one */
  readonly executionName?: string;
  /** Keep the execution history in the result. @default true */
  readonly keepHistory?: boolean;
  /** Abort the execution at this virtual second (status ABORTED), as StopExecution would. @default - never */
  readonly abortAfterSeconds?: number;
  /** Answers (or fails) Task states before the built-in integrations, e.g. a failing SQS send. @default - none */
  readonly mockTask?: RunOptions['mockTask'];
  /** Wraps the Lambda invoker after the faults (simulate's random faults). @default - none */
  readonly wrapInvoker?: (invoker: LambdaInvoker) => LambdaInvoker;
}

/** A local run's options with every default applied and every value checked. */
export interface NormalisedLocalRun extends Omit<LocalRunOptions, 'input' | 'faults' | 'secrets' | 'seed'> {
  readonly input: unknown;
  readonly faults: readonly FaultSpec[];
  readonly secrets: ReadonlyMap<string, string>;
  readonly seed: number;
}

/** The defaults of {@link LocalRunOptions}, in one place. */
export const LOCAL_RUN_DEFAULTS = { input: {}, seed: 1 } as const;

/**
 * Applies the defaults and checks the options against the workflow: fault text is parsed, every
 * fault and mock names a task, every secret value is a string. Errors are SpecErrors naming the
 * workflow's file, the task and the option.
 */
export function normaliseLocalRun(model: WorkflowModel, options: LocalRunOptions = {}): NormalisedLocalRun {
  const file = model.source;
  const ids = new Set(model.tasks.map((t) => t.id));
  const faults = (options.faults ?? []).map((f) => {
    let spec: FaultSpec;
    try {
      spec = typeof f === 'string' ? parseFault(f) : f;
    } catch (e) {
      throw new SpecError({ file, field: 'faults (--fail)', message: (e as Error).message });
    }
    if (!ids.has(spec.taskId)) throw new SpecError({ file, taskId: spec.taskId, field: 'faults (--fail)', message: `no task "${spec.taskId}" in workflow "${model.name}"` });
    return spec;
  });
  const secrets = new Map(options.secrets instanceof Map ? options.secrets : Object.entries(options.secrets ?? {}));
  for (const [name, value] of secrets) {
    if (typeof value !== 'string') throw new SpecError({ file, field: `secrets (--secrets) ${name}`, message: `expected a string value, received ${value === null ? 'null' : typeof value}` });
  }
  const seed = options.seed ?? LOCAL_RUN_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed)) throw new SpecError({ file, field: 'seed (--seed)', message: `expected an integer, received ${String(seed)}` });
  return { ...options, input: options.input ?? LOCAL_RUN_DEFAULTS.input, faults, secrets, seed };
}
