import * as path from 'path';
import { simulate } from '../../../../lib/cli/simulate';
import { UsageRecorder } from '../../../../lib/cli/private/cost/usage';
import { LocalWorkflow } from '../../../../lib/testing/local-workflow';
import { loadSpecFile } from '../../../../lib/model/spec-loader';

const SMALL = path.join(__dirname, '../../../fixtures/cost/small.yaml');

describe('UsageRecorder', () => {
  test('counts what two simulated executions of a small workflow use', async () => {
    // GIVEN list (256 MB arm64, 2 s) → work: a distributed map of 3 items (1 GB x86, 1.5 s, idempotent, Standard children)
    const model = loadSpecFile(SMALL);
    const local = new LocalWorkflow(model);
    const usage = new UsageRecorder(model, local.compiled);
    // WHEN run twice
    for (let i = 0; i < 2; i++) {
      const { result } = await local.run({ executionName: `u-${i}`, mockTask: usage.mockTask, wrapInvoker: usage.wrapInvoker });
      usage.addExecution(result);
    }
    // THEN per execution: dagstep.init, list, work, dagstep.output (4) + 3 children × work.item = 7
    // transitions; 1 + 3 Lambda requests (2 s × 0.25 GB; 3 × 1.5 s × 1 GB); 2 idempotency writes a call
    expect(usage.usage()).toStrictEqual({
      executions: 2,
      standardTransitions: 14,
      retries: 0,
      lambda: {
        '256MB/arm64': { memoryMb: 256, architecture: 'arm64', requests: 2, gbSeconds: 1 },
        '1024MB/x86_64': { memoryMb: 1024, architecture: 'x86_64', requests: 6, gbSeconds: 9 },
      },
      distributedMaps: { work: { state: 'work', executionType: 'STANDARD', childExecutions: 6, childTransitions: 6, childBilledSeconds: 9 } },
      dynamodbWrites: { idempotency: 12 },
      dynamodbReads: {},
      sqsRequests: {},
      maxMakespanSeconds: 3.5,
      billedMakespanSeconds: 7,
    });
  });

  test('retries are billed transitions, failed attempts billed Lambda requests', async () => {
    // GIVEN the first attempt of "list" fails with a TransientError (retried by the default policy)
    const model = loadSpecFile(SMALL);
    const local = new LocalWorkflow(model);
    const usage = new UsageRecorder(model, local.compiled);
    // WHEN
    const { result } = await local.run({ faults: ['list=transient:1'], mockTask: usage.mockTask, wrapInvoker: usage.wrapInvoker });
    usage.addExecution(result);
    // THEN one more transition (the retry) and one more 256 MB request of the same 2 s
    expect(result.status).toBe('SUCCEEDED');
    const u = usage.usage();
    expect([u.standardTransitions, u.retries, u.lambda['256MB/arm64']]).toStrictEqual([8, 1, { memoryMb: 256, architecture: 'arm64', requests: 2, gbSeconds: 1 }]);
  });
});

describe('simulate with a cost estimate', () => {
  test('the report has a cost section priced from the simulated usage', async () => {
    // GIVEN
    const model = loadSpecFile(SMALL);
    // WHEN simulated 3 times, priced in sa-east-1 at 10,000 executions a month
    const r = await simulate(model, { executions: 3, cost: { executionsPerMonth: 10_000, region: 'sa-east-1' } });
    // THEN 7 transitions × $0.0000375 = $0.0002625 an execution, $2.625 a month
    expect(r.cost!.region).toBe('sa-east-1');
    expect(r.cost!.lines[0]).toStrictEqual({
      service: 'Step Functions', item: 'Standard state transitions (0 retries of 21 over 3 executions)', quantityPerExecution: 7,
      unit: 'transitions', unitPriceUsd: 0.0000375, perExecutionUsd: 0.0002625, perMonthUsd: 2.625,
    });
    expect(r.cost!.express.map((a) => a.part)).toStrictEqual(['map "work"']);
  });

  test('without cost options there is no cost section', async () => {
    // WHEN
    const r = await simulate(loadSpecFile(SMALL), { executions: 1 });
    // THEN
    expect(r.cost).toBeUndefined();
  });
});
