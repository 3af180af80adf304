import * as path from 'path';
import { taskSummaries } from '../private/model-summary';
import { criticalPath } from '../../../lib/graph/critical-path';
import { loadSpecFile } from '../../../lib/model/spec-loader';

const DIR = path.resolve(__dirname, '../../../examples/five-step');
const SPEC = path.join(DIR, 'five-step.json');

describe('the five-step example (examples/five-step/five-step.json)', () => {
  test('loads to five existing Lambdas with their real dependencies', () => {
    // GIVEN the JSON spec
    // WHEN loaded
    const model = loadSpecFile(SPEC);
    // THEN ingest fans out to validation and a per-file PII scan, enrich needs both, publish needs enrich and validation
    expect([model.name, model.source, model.slo]).toStrictEqual(['five_step', SPEC, { p99Seconds: 600, successRate: 0.99 }]);
    expect(taskSummaries(model)).toStrictEqual([
      { id: 'ingest_files', dependsOn: [], handler: 'handlers/ingest-files.ts', durationSeconds: 20, timeoutSeconds: 90, retry: 'transient', idempotent: true },
      { id: 'validate_schema', dependsOn: ['ingest_files'], handler: 'handlers/validate-schema.ts', durationSeconds: 10, timeoutSeconds: 60, retry: 'validation', sideEffects: 'none' },
      {
        id: 'scan_pii', dependsOn: ['ingest_files'], handler: 'handlers/scan-pii.ts', durationSeconds: 35, timeoutSeconds: 120, retry: 'resource', sideEffects: 'none',
        map: { itemsPath: '$.results.ingest_files.files', maxConcurrency: 4 },
      },
      { id: 'enrich', dependsOn: ['validate_schema', 'scan_pii'], handler: 'handlers/enrich.ts', durationSeconds: 25, timeoutSeconds: 90, retry: 'upstream', sideEffects: 'none' },
      { id: 'publish', dependsOn: ['enrich', 'validate_schema'], handler: 'handlers/publish.ts', durationSeconds: 5, timeoutSeconds: 60, retry: 'transient', idempotent: true },
    ]);
  });

  test('the critical path goes through the PII scan', () => {
    // GIVEN the five-step model
    // WHEN its critical path is computed
    // THEN ingest → scan → enrich → publish takes 85 s
    expect(criticalPath(loadSpecFile(SPEC))).toStrictEqual({ lengthSeconds: 85, path: ['ingest_files', 'scan_pii', 'enrich', 'publish'] });
  });
});
