import { Command, InvalidArgumentError, Option } from 'commander';
import { LAYOUT_MODES, LayoutMode, WorkflowModel } from '../../model/types';
import { LOCAL_RUN_DEFAULTS, LocalRunOptions } from '../../testing/local-run-options';
import { loadMocks } from '../../testing/task-mocks';
import { FaultSpec, parseFault } from '../../local/faults';
import { checkUserFile } from '../io';
import { readInput } from './input';
import { localSecretValues } from './local-secrets';

/** The flags `dagstep run` and `dagstep simulate` share: one per field of {@link LocalRunOptions}. */
export interface LocalRunFlags {
  readonly input?: string;
  readonly fail: FaultSpec[];
  readonly seed?: number;
  readonly layout?: LayoutMode;
  readonly mocks?: string;
  readonly secrets?: string;
  readonly secretsEnv?: string;
}

/**
 * Adds the local-run flags to a command. Their defaults are not commander's: they are
 * {@link LOCAL_RUN_DEFAULTS}, applied by the same normaliser as `runLocally` and `LocalWorkflow`.
 */
export function addLocalRunFlags(cmd: Command): Command {
  return cmd
    .option('-i, --input <json>', 'execution input: a JSON file, or inline JSON (default: {})')
    .option('--fail <taskId=kind[:times]>', 'inject a fault: kind is transient|validation|resource|upstream|permanent|timeout; times = only the first N attempts (repeatable)', collectFault, [])
    .option('--seed <n>', `seed of the random source (retry jitter; default: ${LOCAL_RUN_DEFAULTS.seed})`, integer())
    .addOption(new Option('-l, --layout <layout>', 'layout strategy (default: the workflow\'s layout, else balanced)').choices(LAYOUT_MODES))
    .option('--mocks <file>', 'mocks of container/batch/glue/http/sdk/workflow tasks (JSON; default <workflow>.mocks.json beside the spec)')
    .option('--secrets <file>', 'secret values for getSecret(): a JSON object {"NAME": "value"} (never read from AWS)')
    .option('--secrets-env <prefix>', 'read secret NAME from the environment variable <prefix>NAME');
}

/** The {@link LocalRunOptions} the flags give: the files they name are read here, nothing else is defaulted. */
export function localRunOptionsOf(model: WorkflowModel, flags: LocalRunFlags): LocalRunOptions {
  return {
    ...(flags.input !== undefined ? { input: readInput(flags.input) } : {}),
    faults: flags.fail,
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.layout !== undefined ? { layout: flags.layout } : {}),
    ...(flags.mocks !== undefined ? { mocks: (checkUserFile(flags.mocks, '--mocks'), loadMocks(flags.mocks)) } : {}),
    secrets: localSecretValues(model, { file: flags.secrets, envPrefix: flags.secretsEnv }),
  };
}

/** A commander parser of an integer flag: a bad value is a usage error naming the flag, never a stack. */
export function integer(min = Number.MIN_SAFE_INTEGER): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}, received "${v}"`);
    return n;
  };
}

function collectFault(v: string, acc: FaultSpec[]): FaultSpec[] {
  try {
    return [...acc, parseFault(v)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}
