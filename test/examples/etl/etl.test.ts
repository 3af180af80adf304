import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WorkflowStack } from '../../../lib/constructs/workflow-stack';
import { LAMBDA_CONTEXT, taskEvent } from '../private/task-event';
import { taskSummaries } from '../private/model-summary';
import { handler as extract } from '../../../examples/etl/handlers/extract';
import { handler as load } from '../../../examples/etl/handlers/load';
import { handler as transform } from '../../../examples/etl/handlers/transform';
import { warehouse } from '../../../examples/etl/handlers/warehouse';
import { criticalPath } from '../../../lib/graph/critical-path';
import { loadSpecFile } from '../../../lib/model/spec-loader';

const DIR = path.resolve(__dirname, '../../../examples/etl');
const SPEC = path.join(DIR, 'etl.yaml');

describe('the ETL example (examples/etl/etl.yaml)', () => {
  test('loads to four parallel extracts (one an HTTP task), a transform joining them and a per-partition load', () => {
    // GIVEN the YAML spec
    // WHEN loaded
    const model = loadSpecFile(SPEC);
    // THEN it has exactly the designed tasks, dependencies, policies and SLO
    expect([model.name, model.source, model.baseDir, model.slo]).toStrictEqual(['etl', SPEC, DIR, { p99Seconds: 300, successRate: 0.99 }]);
    expect(taskSummaries(model)).toStrictEqual([
      { id: 'extract_orders', dependsOn: [], handler: 'handlers/extract.ts', durationSeconds: 30, timeoutSeconds: 120, retry: 'transient', sideEffects: 'none' },
      { id: 'extract_customers', dependsOn: [], handler: 'handlers/extract.ts', durationSeconds: 20, timeoutSeconds: 120, retry: 'transient', sideEffects: 'none' },
      { id: 'extract_inventory', dependsOn: [], handler: 'handlers/extract.ts', durationSeconds: 25, timeoutSeconds: 120, retry: 'transient', sideEffects: 'none' },
      {
        id: 'extract_exchange_rates', dependsOn: [], durationSeconds: 2, timeoutSeconds: 30, retry: 'transient', sideEffects: 'none',
        http: {
          method: 'GET', url: 'https://rates.example.com/v1/daily', query: { date: '$.input.date', base: 'EUR' },
          connection: 'arn:aws:events:eu-west-1:123456789012:connection/rates-api/6f1c2b7e-3d4a-4e8b-9c0d-1a2b3c4d5e6f',
        },
      },
      {
        id: 'transform', dependsOn: ['extract_orders', 'extract_customers', 'extract_inventory', 'extract_exchange_rates'], handler: 'handlers/transform.ts',
        durationSeconds: 40, timeoutSeconds: 180, retry: 'validation', sideEffects: 'none',
      },
      {
        id: 'load', dependsOn: ['transform'], handler: 'handlers/load.ts', durationSeconds: 15, timeoutSeconds: 120, retry: 'upstream',
        map: { itemsPath: '$.results.transform.partitions', maxConcurrency: 5 }, idempotent: true,
      },
    ]);
  });

  test('starts on S3 object-created in the landing bucket, without schedule or limit', () => {
    // GIVEN the YAML spec
    // WHEN loaded
    const model = loadSpecFile(SPEC);
    // THEN
    expect([model.triggers, model.schedule, model.concurrency]).toStrictEqual([
      [{ s3: { bucket: 'acme-etl-landing', prefix: 'exports/daily/' } }], undefined, undefined,
    ]);
  });

  test('its stack starts the live alias on Object Created under the prefix, through the starter', () => {
    // GIVEN the example's stack
    const stack = new WorkflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), undefined, { model: loadSpecFile(SPEC) });
    const template = Template.fromStack(stack);
    const starter = stack.workflow.triggers!.starter.function;
    // THEN the rule hands each event to the starter, which starts the alias under the event's id
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['acme-etl-landing'] }, object: { key: [{ prefix: 'exports/daily/' }] } } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [stack.getLogicalId(starter.node.defaultChild as never), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ DAGSTEP_START_TARGET: { 'Fn::GetAtt': [stack.getLogicalId(stack.workflow.alias.alias), 'Arn'] } }) } });
  });

  test('the critical path fits well inside the p99 SLO', () => {
    // GIVEN the ETL model
    const model = loadSpecFile(SPEC);
    // WHEN its critical path is computed
    // THEN the slowest extract, the transform and one load wave take 85 s of the 300 s budget
    expect(criticalPath(model)).toStrictEqual({ lengthSeconds: 85, path: ['extract_orders', 'transform', 'load'] });
  });

  test('the committed input runs through the handlers in dependency order and loads every row once', async () => {
    // GIVEN the example input and an empty warehouse
    const input = JSON.parse(fs.readFileSync(path.join(DIR, 'input.json'), 'utf8')) as { date: string; records: number };
    warehouse.clear();
    // WHEN each task's handler gets its dependencies' results, the way the state machine passes them
    const ids = ['extract_orders', 'extract_customers', 'extract_inventory'];
    const extracts = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await extract(taskEvent('etl', id, input), LAMBDA_CONTEXT)])));
    const joined = await transform(taskEvent('etl', 'transform', input, { results: extracts }), LAMBDA_CONTEXT);
    const loads = await Promise.all(joined.partitions.map((item) => load(taskEvent('etl', 'load', input, { results: { transform: joined }, item }), LAMBDA_CONTEXT)));
    // THEN 3 × 25 records become 75 rows in four partitions, all in the warehouse
    expect(input).toStrictEqual({ date: '2026-11-24', records: 25 });
    expect(joined.rows).toBe(75);
    expect(loads.map((l) => [l.partition, l.rowsWritten])).toStrictEqual([
      ['2026-11-24/part-0', 20], ['2026-11-24/part-1', 20], ['2026-11-24/part-2', 20], ['2026-11-24/part-3', 15],
    ]);
    expect([warehouse.size, warehouse.rows]).toStrictEqual([4, 75]);
  });
});
