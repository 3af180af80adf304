import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { ValidationError } from '../../../../lambdas/errors';
import { handler, PII_PREFIXES } from '../../../../examples/five-step/handlers/scan-pii';

const run = (item: unknown) => handler(taskEvent('five_step', 'scan_pii', {}, { results: { ingest_files: { files: ['orders.csv', 'customers.csv'], count: 2 } }, item }), LAMBDA_CONTEXT);

describe('five-step scan_pii handler (one Map item per file)', () => {
  test('flags customer files as holding personal data and others as clean', async () => {
    // GIVEN a customer file and an orders file as Map items
    // WHEN each is scanned
    // THEN only the customer file holds PII
    expect(PII_PREFIXES).toStrictEqual(['customers']);
    await expect(run('customers.csv')).resolves.toStrictEqual({ file: 'customers.csv', pii: true });
    await expect(run('orders.csv')).resolves.toStrictEqual({ file: 'orders.csv', pii: false });
  });

  test.each([[undefined], [42], ['']])('item %j throws ValidationError', async (item) => {
    // GIVEN a Map item that is not a file name
    // WHEN scanned
    const out = run(item);
    // THEN it fails fast naming the item
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(`scan_pii: item must be a file name, received ${JSON.stringify(item)}`);
  });
});
