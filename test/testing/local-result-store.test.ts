import * as fs from 'fs';
import * as path from 'path';
import { captureIO } from '../../lib/cli/io';
import { runCli } from '../../lib/cli/program';
import { registerRun } from '../../lib/cli/run';
import { loadSpecFile } from '../../lib/model/spec-loader';
import { LocalWorkflow, LOCAL_RESULT_BUCKET } from '../../lib/testing/local-workflow';
import { installedResultStore } from '../../lambdas/private/result-store';
import { tempDir } from '../support/temp';

const LARGE = path.resolve(__dirname, '../fixtures/kinds/large.yaml');
const tmp = tempDir('local-results-');

describe('large results in local runs (in-memory result bucket)', () => {
  test('dagstep run of a 2-task spec whose first task returns 1 MB succeeds: the result travels as a reference', async () => {
    // GIVEN large.yaml: big returns 1 MB (4x the 256 KB state limit), measure reads it
    const io = captureIO();
    // WHEN run through the CLI
    const code = await runCli(['run', LARGE, '--json'], io, [registerRun]);
    // THEN it succeeded; measure saw the whole value; the state carried only the reference
    expect(code).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.output.results.measure).toStrictEqual({ length: 1_048_576 });
    expect(summary.output.results.big).toStrictEqual({
      '$dagstep.ref': expect.stringMatching(new RegExp(`^s3://${LOCAL_RESULT_BUCKET}/results/exec-[0-9a-f-]+/big\\.json$`)),
      size: 1_048_576 + '{"data":""}'.length,
    });
  });

  test('the bucket is in memory, per LocalWorkflow, and uninstalled after the run', async () => {
    // GIVEN
    const local = new LocalWorkflow(loadSpecFile(LARGE));
    // WHEN
    const { summary } = await local.run({ executionName: 'e1' });
    // THEN the object is in the workflow's in-memory bucket; no store stays installed
    expect(summary.status).toBe('SUCCEEDED');
    expect([...local.results.objects.keys()]).toStrictEqual([`s3://${LOCAL_RESULT_BUCKET}/results/e1/big.json`]);
    expect(installedResultStore()).toBeUndefined();
  });

  test('with resultStore: false the 1 MB result exceeds the state limit, as on AWS', async () => {
    // GIVEN the same spec, the big task keeping its result inline
    const spec = fs.readFileSync(LARGE, 'utf8').replace('handler: handlers/big.ts', 'handler: handlers/big.ts\n    resultStore: false');
    const file = path.join(path.dirname(LARGE), 'large-inline.yaml');
    fs.writeFileSync(file, spec);
    try {
      // WHEN
      const { summary } = await new LocalWorkflow(loadSpecFile(file)).run();
      // THEN the task fails with States.DataLimitExceeded into the dead letter
      expect(summary.status).toBe('FAILED');
      expect(summary.error).toBe('States.DataLimitExceeded');
    } finally {
      fs.rmSync(file);
    }
  });

  test('a workflow task given by spec path runs its child locally when it has no mock', async () => {
    // GIVEN a parent whose task runs large.yaml
    const parent = path.join(tmp, 'parent.yaml');
    fs.writeFileSync(parent, `name: parent\ntasks:\n  - id: child\n    workflow: ${LARGE}\n`);
    // WHEN
    const { summary } = await new LocalWorkflow(loadSpecFile(parent)).run();
    // THEN the child's output is the task's result
    expect(summary.status).toBe('SUCCEEDED');
    expect((summary.output as any).results.child.results.measure).toStrictEqual({ length: 1_048_576 });
  });
});
