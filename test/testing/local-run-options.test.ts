import * as fs from 'fs';
import * as path from 'path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerRun } from '../../lib/cli/run';
import { registerSimulate } from '../../lib/cli/simulate';
import { SpecError } from '../../lib/model/errors';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { LOCAL_RUN_DEFAULTS, normaliseLocalRun } from '../../lib/testing/local-run-options';
import { LocalWorkflow, RunSummary } from '../../lib/testing/local-workflow';
import { runLocally } from '../../lib/testing/run-locally';
import { task, workflow } from '../support/models';
import { tempDir } from '../support/temp';

const SPEC = path.resolve(__dirname, '../fixtures/specs/contract.yaml');
const INPUT = { date: '2026-11-24' };

/** What a run is, as `--json` prints it, without its generated execution id. */
const outcome = ({ executionId: _id, ...rest }: RunSummary) => JSON.parse(JSON.stringify(rest));

async function cli(register: typeof registerRun, ...args: string[]): Promise<{ code: number; json: any; err: string }> {
  const io = captureIO();
  const code = await runCli(args, io, [register]);
  return { code, json: io.out() ? JSON.parse(io.out()) : undefined, err: io.err() };
}

describe('one local-run contract: runLocally, LocalWorkflow.run, dagstep run and dagstep simulate', () => {
  const sm = mockClient(SecretsManagerClient);
  afterAll(() => sm.restore());
  let secretsFile: string;
  beforeAll(() => {
    secretsFile = path.join(tempDir('contract-'), 'secrets.json');
    fs.writeFileSync(secretsFile, JSON.stringify({ DB_PASSWORD: 'local-pw' }));
  });

  test('the same inputs give the same run through every entry point', async () => {
    // GIVEN the same input, fault (as text and as an object), secret, seed and layout for each
    const options = { input: INPUT, secrets: { DB_PASSWORD: 'local-pw' }, seed: 7, layout: 'sp' as const };
    // WHEN the workflow runs through each entry point
    const viaRunLocally = await runLocally(SPEC, { ...options, faults: ['publish=transient:1'] });
    const viaLocalWorkflow = (await new LocalWorkflow(loadSpecFile(SPEC)).run({ ...options, faults: [{ taskId: 'publish', kind: 'transient', times: 1 }] })).summary;
    const viaRun = await cli(registerRun, 'run', SPEC, '--input', JSON.stringify(INPUT), '--fail', 'publish=transient:1',
      '--secrets', secretsFile, '--seed', '7', '--layout', 'sp', '--json');
    const viaSimulate = await cli(registerSimulate, 'simulate', SPEC, '--executions', '1', '--input', JSON.stringify(INPUT),
      '--fail', 'publish=transient:1', '--secrets', secretsFile, '--seed', '7', '--layout', 'sp', '--json');
    // THEN the handler saw its environment and the secret, the fault was retried, and the runs agree
    const { execution: _e, ...summary } = viaRunLocally;
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.tasks).toStrictEqual({
      read: { status: 'SUCCEEDED', attempts: 1 }, side: { status: 'SUCCEEDED', attempts: 1 }, publish: { status: 'SUCCEEDED', attempts: 2 },
    });
    expect((summary.output as { results: Record<string, unknown> }).results.read).toStrictEqual({ stage: 'dev', matches: true, length: 8 });
    expect(outcome(viaLocalWorkflow)).toStrictEqual(outcome(summary));
    expect(viaRun.code).toBe(0);
    expect(outcome(viaRun.json)).toStrictEqual(outcome(summary));
    expect(viaSimulate.code).toBe(0);
    expect(viaSimulate.json).toMatchObject({ executions: 1, succeeded: 1, lost: 0 });
    expect(Object.fromEntries(Object.entries<{ attempts: number }>(viaSimulate.json.tasks).map(([id, t]) => [id, t.attempts])))
      .toStrictEqual({ read: 1, side: 1, publish: 2 });
    expect(sm.calls()).toHaveLength(0);
  });

  test('no options: the same defaults everywhere, and a missing secret says how to pass it', async () => {
    // GIVEN no input, secrets, seed or layout
    // WHEN
    const viaRunLocally = await runLocally(SPEC);
    const viaLocalWorkflow = (await new LocalWorkflow(loadSpecFile(SPEC)).run()).summary;
    const viaRun = await cli(registerRun, 'run', SPEC, '--json');
    const viaSimulate = await cli(registerSimulate, 'simulate', SPEC, '--executions', '1', '--json');
    // THEN every entry point fails `read` the same way, with the reason
    const { execution: _e, ...summary } = viaRunLocally;
    expect(summary.status).toBe('FAILED');
    expect(summary.deadLetters.map((d) => [d.taskId, d.error, JSON.parse(d.cause as string).errorMessage])).toStrictEqual([[
      'read', 'SecretNotDeclaredError',
      'secret "DB_PASSWORD" has no local value: pass it with --secrets <file.json> or --secrets-env <PREFIX> (dagstep run, simulate), or the secrets option (runLocally, LocalWorkflow.run)',
    ]]);
    expect(outcome(viaLocalWorkflow)).toStrictEqual(outcome(summary));
    expect(outcome(viaRun.json)).toStrictEqual(outcome(summary));
    expect(viaSimulate.code).toBe(0);
    expect(viaSimulate.json.tasks.read.topError).toStrictEqual({
      error: 'SecretNotDeclaredError', message: JSON.parse(summary.deadLetters[0].cause as string).errorMessage, attempts: 1,
    });
  });
});

describe('normaliseLocalRun', () => {
  const MODEL = workflow('n', [task('a')]);

  test('applies the documented defaults', () => {
    // GIVEN / WHEN
    const o = normaliseLocalRun(MODEL);
    // THEN
    expect({ input: o.input, faults: o.faults, secrets: [...o.secrets], seed: o.seed }).toStrictEqual({ input: {}, faults: [], secrets: [], seed: 1 });
    expect(LOCAL_RUN_DEFAULTS).toStrictEqual({ input: {}, seed: 1 });
  });

  test('parses fault text, takes secrets as an object or a Map', () => {
    // GIVEN / WHEN
    const fromText = normaliseLocalRun(MODEL, { faults: ['a=timeout:2'], secrets: { K: 'v' } });
    const fromObjects = normaliseLocalRun(MODEL, { faults: [{ taskId: 'a', kind: 'timeout', times: 2 }], secrets: new Map([['K', 'v']]) });
    // THEN
    expect(fromText.faults).toStrictEqual([{ taskId: 'a', kind: 'timeout', times: 2 }]);
    expect(fromObjects.faults).toStrictEqual(fromText.faults);
    expect([...fromObjects.secrets]).toStrictEqual([...fromText.secrets]);
  });

  test('every mistake is a SpecError naming the file, the task and the option', () => {
    // GIVEN / WHEN / THEN
    expect(() => normaliseLocalRun(MODEL, { faults: ['b=transient'] })).toThrow(new SpecError({ file: 'test/n.yaml', taskId: 'b', field: 'faults (--fail)', message: 'no task "b" in workflow "n"' }));
    expect(() => normaliseLocalRun(MODEL, { faults: ['a=flaky'] })).toThrow('test/n.yaml: faults (--fail): --fail a=flaky: unknown kind "flaky", expected one of transient|validation|resource|upstream|permanent|timeout');
    expect(() => normaliseLocalRun(MODEL, { secrets: { K: 42 as unknown as string } })).toThrow('test/n.yaml: secrets (--secrets) K: expected a string value, received number');
    expect(() => normaliseLocalRun(MODEL, { seed: 1.5 })).toThrow('test/n.yaml: seed (--seed): expected an integer, received 1.5');
  });
});
