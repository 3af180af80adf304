import * as fs from 'fs';
import * as path from 'path';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerRun } from '../../lib/cli/run';
import { simulate } from '../../lib/cli/simulate';
import { SpecError } from '../../lib/model/errors';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { loadMocks } from '../../lib/testing/task-mocks';
import { tempDir } from '../support/temp';

const FIXTURES = path.resolve(__dirname, '../fixtures/kinds');
const KINDS = path.join(FIXTURES, 'kinds.yaml');
const tmp = tempDir('task-mocks-');
const input = { day: '2026-11-27' };

function writeMocks(name: string, mocks: object): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(mocks));
  return file;
}

describe('mocks of non-Lambda tasks in local runs', () => {
  const model = loadSpecFile(KINDS);
  const local = new LocalWorkflow(model);

  test('every kind runs through its mock (the workflow\'s mocks file) and the next Lambda task sees each result', async () => {
    // GIVEN kinds.yaml and kinds.mocks.json beside it
    // WHEN run
    const { summary } = await local.run({ input: { day: '2026-11-27' } });
    // THEN every task succeeded once; the summarizing handler saw the results (the container's resolved from the bucket)
    expect(summary.status).toBe('SUCCEEDED');
    expect(Object.values(summary.tasks).every((t) => t.status === 'SUCCEEDED' && t.attempts === 1)).toBe(true);
    expect((summary.output as { results: Record<string, unknown> }).results.summarize).toStrictEqual({
      report: { pages: 12, kind: 'container', attempt: 0 },
      extract: { statusCode: 200, body: { orders: [1, 2, 3] } },
      bill: { results: { invoice: { total: 42 } } },
    });
    // AND the container task's own result is the reference to what it wrote
    expect((summary.output as { results: Record<string, any> }).results.report).toStrictEqual({
      '$dagstep.ref': expect.stringMatching(/^s3:\/\/\$\{WorkflowResultStoreBucket[0-9A-F]+\}\/results\/exec-[0-9a-f-]+\/report\.json$/),
    });
  });

  test('a thrown mock fails the task into the dead letter with the mocked error; a child workflow\'s error is the letter\'s', async () => {
    // GIVEN the glue job and, separately, the child workflow fail
    const base = loadMocks(path.join(FIXTURES, 'kinds.mocks.json'));
    // WHEN
    const glue = await local.run({ input, mocks: { ...base, compact: { throw: { error: 'Glue.ConcurrentRunsExceededException', cause: 'too many runs' } } } });
    const child = await local.run({ input, mocks: { ...base, bill: { throw: { error: 'InvoiceError', cause: 'customer 7 has no address' } } } });
    // THEN
    expect([glue.summary.status, glue.summary.error, glue.summary.cause]).toStrictEqual(['FAILED', 'Glue.ConcurrentRunsExceededException', 'too many runs']);
    expect(glue.summary.deadLetters).toMatchObject([{ taskId: 'compact', error: 'Glue.ConcurrentRunsExceededException', cause: 'too many runs' }]);
    // (the execution fails uncaught at bill.run as startExecution.sync fails, States.TaskFailed with the
    // child's description as cause; the letter carries the child's own error)
    expect([child.summary.status, child.summary.error, JSON.parse(child.summary.cause!)]).toStrictEqual(['FAILED', 'States.TaskFailed', {
      ExecutionArn: 'mock:bill', Status: 'FAILED', Error: 'InvoiceError', Cause: 'customer 7 has no address',
    }]);
    expect(child.summary.deadLetters).toMatchObject([{ taskId: 'bill', stateName: 'bill.run', error: 'InvoiceError', cause: 'customer 7 has no address' }]);
  });

  test('fault injection applies to mocked tasks as to Lambda tasks', async () => {
    // GIVEN the HTTP task fails transiently once (its retry policy retries TransientError)
    // WHEN
    const { summary } = await local.run({ input, faults: [{ taskId: 'extract', kind: 'transient', times: 1 }] });
    // THEN it succeeded on its second attempt
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.tasks.extract).toStrictEqual({ status: 'SUCCEEDED', attempts: 2 });
  });

  test('a non-Lambda task without a mock is a clear error naming it; mocks of unknown or Lambda tasks too', async () => {
    // GIVEN mocks missing the container and naming an unknown task and a Lambda task
    const { report: _r, ...rest } = loadMocks(path.join(FIXTURES, 'kinds.mocks.json'));
    void _r;
    // WHEN / THEN
    const err = await local.run({ input, mocks: { ...rest, reprot: { return: 1 }, summarize: { return: 1 } } }).catch((e) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).problems.map((p) => [p.taskId, p.message])).toStrictEqual([
      ['report', 'a container task cannot run locally without a mock: add "report": { "return": ... } to kinds.mocks.json or the file given with --mocks'],
      ['reprot', 'mocks name unknown task "reprot" (workflow "kinds")'],
      ['summarize', 'a Lambda task runs its real handler locally; mocks are for container, batch, glue, http, sdk and workflow tasks (use --fail for faults)'],
    ]);
  });

  test('a spec can name its mocks file (mocks: relative to the spec)', async () => {
    // GIVEN a copy of kinds.yaml in another directory naming the fixture's mocks file (its handler
    // stays in the fixtures folder, so the copy opts into handlers outside its own directory)
    const spec = path.join(tmp, 'named.yaml');
    fs.writeFileSync(spec, fs.readFileSync(KINDS, 'utf8').replace('name: kinds', `name: named\nallowHandlersOutsideProject: true\nmocks: ${path.relative(tmp, path.join(FIXTURES, 'kinds.mocks.json'))}`)
      .replace('handler: handlers/summarize.ts', `handler: ${path.join(FIXTURES, 'handlers/summarize.ts')}`));
    const named = loadSpecFile(spec);
    // WHEN run
    const { summary } = await new LocalWorkflow(named).run({ input });
    // THEN the named file answered for the non-Lambda tasks
    expect(named.mocks).toBe(path.join(FIXTURES, 'kinds.mocks.json'));
    expect(summary.status).toBe('SUCCEEDED');
  });

  test('a malformed mocks file names the task and what is expected', () => {
    // GIVEN a mock with both return and throw
    const file = writeMocks('bad.json', { extract: { return: 1, throw: { error: 'X' } } });
    // WHEN / THEN
    expect(() => loadMocks(file)).toThrow('expected exactly one of "return", "throw", "handler"; received return and throw');
  });

  test('simulate runs mocked tasks with random faults and loses nothing', async () => {
    // WHEN 20 executions with transient and permanent faults
    const r = await simulate(model, { input, executions: 20, transientRate: 0.2, permanentRate: 0.05, seed: 3 });
    // THEN each ended succeeded or dead-lettered
    expect(r.lost).toBe(0);
    expect(r.succeeded + r.deadLettered).toBe(20);
  });

  test('dagstep run --mocks uses the given file', async () => {
    // GIVEN a mocks file where the SDK call fails
    const base = loadMocks(path.join(FIXTURES, 'kinds.mocks.json'));
    const file = writeMocks('failing.json', { ...base, report: { return: { pages: 1 } }, audit: { throw: { error: 'DynamoDb.ResourceNotFoundException', cause: 'no table' } } });
    const inputFile = writeMocks('input.json', input);
    const io = captureIO();
    // WHEN
    const code = await runCli(['run', KINDS, '--mocks', file, '--input', inputFile, '--json'], io, [registerRun]);
    // THEN
    expect(code).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({ status: 'FAILED', error: 'DynamoDb.ResourceNotFoundException', cause: 'no table' });
  });
});
