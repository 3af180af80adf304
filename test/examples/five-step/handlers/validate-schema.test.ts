import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { ValidationError } from '../../../../lambdas/errors';
import { handler } from '../../../../examples/five-step/handlers/validate-schema';

const run = (results: Record<string, unknown>) => handler(taskEvent('five_step', 'validate_schema', {}, { results }), LAMBDA_CONTEXT);

describe('five-step validate_schema handler', () => {
  test('counts the ingested files when every one is a CSV', async () => {
    // GIVEN three CSV files from ingest_files
    // WHEN validation runs
    // THEN all three are valid
    await expect(run({ ingest_files: { files: ['orders.csv', 'customers.csv', 'stock.csv'], count: 3 } })).resolves.toStrictEqual({ valid: 3 });
  });

  test.each([
    ['a file that is not a CSV', { ingest_files: { files: ['orders.csv', 'notes.txt', 'x.json'], count: 3 } },
      'validate_schema: every file must end in .csv, received "notes.txt", "x.json"'],
    ['no ingest result', {}, 'validate_schema: results.ingest_files.files must be a list, received undefined'],
  ])('%s throws ValidationError', async (_what, results, message) => {
    // GIVEN an ingest result that does not fit the schema
    // WHEN validation runs
    const out = run(results);
    // THEN it fails fast naming the field and the offenders
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(message);
  });
});
