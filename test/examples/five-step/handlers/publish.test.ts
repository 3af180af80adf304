import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { ValidationError } from '../../../../lambdas/errors';
import { handler } from '../../../../examples/five-step/handlers/publish';

const run = (results: Record<string, unknown>) => handler(taskEvent('five_step', 'publish', {}, { results }), LAMBDA_CONTEXT);

describe('five-step publish handler', () => {
  test('publishes the enriched count as a batch named after the execution', async () => {
    // GIVEN enrich and validate_schema agreeing on 3 files
    // WHEN publish runs
    // THEN the batch is the execution name
    await expect(run({ enrich: { enriched: 3, redacted: [] }, validate_schema: { valid: 3 } })).resolves.toStrictEqual({ published: 3, batch: 'run-2026-11-24' });
  });

  test.each([
    ['no enrich result', { validate_schema: { valid: 3 } }, 'publish: results.enrich.enriched must be a number, received undefined'],
    ['enrich and validation disagreeing', { enrich: { enriched: 2, redacted: [] }, validate_schema: { valid: 3 } },
      'publish: results.enrich.enriched must equal results.validate_schema.valid (3), received 2'],
  ])('%s throws ValidationError', async (_what, results, message) => {
    // GIVEN inconsistent dependency results
    // WHEN publish runs
    const out = run(results);
    // THEN nothing is published and the error names the fields
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(message);
  });
});
