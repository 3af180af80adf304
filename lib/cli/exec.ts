import * as path from 'path';
import { SpecError } from '../model/errors';
import { ExecutionResult, runExecution } from '../local/engine';
import { UnsupportedError } from '../local/errors';
import { mockTaskFrom, parseMockConfig, selectTestCase } from '../local/mock-config';
import { EXIT_OK, EXIT_USER_ERROR, readUserFile } from './io';
import type { RegisterCommand } from './program';
import { readInput } from './private/input';

interface ExecOptions {
  readonly input?: string;
  readonly mock?: string;
  readonly testCase?: string;
  readonly stateMachine?: string;
  readonly seed: number;
  readonly json?: boolean;
}

/**
 * `dagstep exec <definition.json>`: runs any ASL definition (not only dagstep's) on the local
 * engine; `--mock` takes an AWS Step Functions Local mock configuration, so Step Functions Local
 * test suites run without Java or Docker.
 */
export const registerExec: RegisterCommand = (program, ctx) => {
  program.command('exec')
    .description('run any Amazon States Language definition locally (Step Functions Local mock files supported)')
    .argument('<definition>', 'state machine definition (ASL JSON file)')
    .option('-i, --input <json>', 'execution input: a JSON file, or inline JSON')
    .option('--mock <file>', 'AWS Step Functions Local mock configuration (MockConfigFile.json format)')
    .option('--test-case <name>', 'test case of the mock configuration to run')
    .option('--state-machine <name>', 'state machine of the mock configuration (default: the only one, or the definition file name)')
    .option('--seed <n>', 'seed of the random source', (v) => Number(v), 1)
    .option('--json', 'print the execution result as one JSON object')
    .action((definition: string, opts: ExecOptions) => ctx.run(async () => {
      const result = await execDefinition(definition, opts);
      ctx.io.stdout(opts.json ? `${JSON.stringify(summaryOf(result))}\n` : formatResult(result));
      return result.status === 'SUCCEEDED' ? EXIT_OK : EXIT_USER_ERROR;
    }));
};

/** Loads the files, runs the definition and returns the result; user mistakes are SpecErrors naming file and field. */
export async function execDefinition(definitionFile: string, opts: Omit<ExecOptions, 'json'>): Promise<ExecutionResult> {
  const definition = readJsonFile(definitionFile, 'definition', 'definition');
  checkDefinition(definition, definitionFile);
  const input = opts.input ? readInput(opts.input) : {};
  let mockTask;
  if (opts.mock) {
    const config = parseMockConfig(readJsonFile(opts.mock, 'mock configuration', '--mock'), opts.mock);
    const base = path.basename(definitionFile).replace(/\.[^.]+$/, '');
    const machine = opts.stateMachine ?? (Object.keys(config.StateMachines).length !== 1 && config.StateMachines[base] ? base : undefined);
    mockTask = mockTaskFrom(config, selectTestCase(config, opts.mock, machine, opts.testCase));
  }
  try {
    return await runExecution(definition as object, input, {
      seed: opts.seed,
      mockTask,
      invokeLambda: async (req) => {
        throw new UnsupportedError(req.stateName, `calling Lambda ${req.functionName} (mock the state with --mock)`);
      },
    });
  } catch (e) {
    if (e instanceof UnsupportedError) throw new SpecError({ file: definitionFile, message: e.message });
    throw e;
  }
}

/** The `--json` summary: status, output or error/cause, and the run's counters. */
export function summaryOf(r: ExecutionResult) {
  return {
    status: r.status, executionId: r.executionId, output: r.output, error: r.error, cause: r.cause,
    transitions: r.transitions, historyEvents: r.historyEvents, makespanSeconds: r.makespanSeconds,
  };
}

function formatResult(r: ExecutionResult): string {
  const lines = [`status: ${r.status}`];
  if (r.status === 'SUCCEEDED') lines.push(`output: ${JSON.stringify(r.output)}`);
  if (r.error !== undefined) lines.push(`error: ${r.error}`);
  if (r.cause !== undefined) lines.push(`cause: ${r.cause}`);
  return `${lines.join('\n')}\n`;
}

function readJsonFile(file: string, what: string, flag: string): unknown {
  const text = readUserFile(file, flag);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SpecError({ file, message: `the ${what} is not valid JSON: ${(e as Error).message}` });
  }
}

function checkDefinition(d: unknown, file: string): void {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new SpecError({ file, message: 'expected a state machine definition object ({"StartAt": ..., "States": {...}})' });
  const m = d as Record<string, unknown>;
  if (m.States === null || typeof m.States !== 'object' || Array.isArray(m.States)) throw new SpecError({ file, field: 'States', message: 'expected an object of states' });
  if (typeof m.StartAt !== 'string') throw new SpecError({ file, field: 'StartAt', message: `expected the name of the first state, received ${JSON.stringify(m.StartAt)}` });
  if (!(m.StartAt in (m.States))) throw new SpecError({ file, field: 'StartAt', message: `no state "${m.StartAt}" in States` });
}
