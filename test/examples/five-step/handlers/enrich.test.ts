import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { ValidationError } from '../../../../lambdas/errors';
import { handler } from '../../../../examples/five-step/handlers/enrich';

const SCANS = [{ file: 'orders.csv', pii: false }, { file: 'customers.csv', pii: true }, { file: 'stock.csv', pii: false }];
const run = (results: Record<string, unknown>) => handler(taskEvent('five_step', 'enrich', {}, { results }), LAMBDA_CONTEXT);

describe('five-step enrich handler', () => {
  test('enriches every valid file and lists the ones to redact', async () => {
    // GIVEN three valid files, one holding PII
    // WHEN enrich runs with both dependency results
    // THEN all three are enriched and the customer file is redacted
    await expect(run({ validate_schema: { valid: 3 }, scan_pii: SCANS })).resolves.toStrictEqual({ enriched: 3, redacted: ['customers.csv'] });
  });

  test.each([
    ['no PII scans', { validate_schema: { valid: 3 } }, 'enrich: results.scan_pii must be the list of per-file scans, received undefined'],
    ['no validation count', { scan_pii: SCANS, validate_schema: { valid: '3' } }, 'enrich: results.validate_schema.valid must be a number, received "3"'],
  ])('%s throws ValidationError', async (_what, results, message) => {
    // GIVEN a missing or malformed dependency result
    // WHEN enrich runs
    const out = run(results);
    // THEN it fails fast naming the field
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(message);
  });
});
