import * as path from 'path';
import { EXAMPLES, loadExamples } from '../../examples';
import { nightlyBatch } from '../../examples/nightly-batch/workflow';
import { loadSpecFile } from '../../lib/model/spec-loader';

const DIR = path.resolve(__dirname, '../../examples');

describe('EXAMPLES', () => {
  test('lists the YAML ETL, the DSL nightly batch and the JSON five-step, with the files they come from', () => {
    // GIVEN the example list
    // WHEN read
    // THEN each names its file and the spec-file examples their spec
    expect(EXAMPLES.map(({ name, file, spec }) => ({ name, file, spec }))).toStrictEqual([
      { name: 'etl', file: path.join(DIR, 'etl/etl.yaml'), spec: path.join(DIR, 'etl/etl.yaml') },
      { name: 'nightly_batch', file: path.join(DIR, 'nightly-batch/workflow.ts'), spec: undefined },
      { name: 'five_step', file: path.join(DIR, 'five-step/five-step.json'), spec: path.join(DIR, 'five-step/five-step.json') },
    ]);
  });

  test('each load builds the model its source describes, named as the example', () => {
    // GIVEN each example
    // WHEN loaded
    const models = EXAMPLES.map((e) => e.load());
    // THEN spec examples equal their spec file loaded directly, the DSL one its builder, and names match
    expect(models.map((m) => m.name)).toStrictEqual(EXAMPLES.map((e) => e.name));
    expect(models).toStrictEqual([loadSpecFile(path.join(DIR, 'etl/etl.yaml')), nightlyBatch(), loadSpecFile(path.join(DIR, 'five-step/five-step.json'))]);
  });
});

describe('loadExamples', () => {
  test('returns every example model in order, with its task ids', () => {
    // GIVEN the three examples
    // WHEN all are loaded
    const models = loadExamples();
    // THEN their task ids are the designed ones
    expect(models.map((m) => [m.name, m.tasks.map((t) => t.id)])).toStrictEqual([
      ['etl', ['extract_orders', 'extract_customers', 'extract_inventory', 'extract_exchange_rates', 'transform', 'load']],
      ['nightly_batch', ['snapshot', 'reconcile_accounts', 'compute_interest', 'rebuild_search_index', 'send_statements', 'queue_statements', 'publish_report', 'export_ledger']],
      ['five_step', ['ingest_files', 'validate_schema', 'scan_pii', 'enrich', 'publish']],
    ]);
  });
});
