import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { ValidationError } from '../../../../lambdas/errors';
import { handler, PARTITION_SIZE } from '../../../../examples/etl/handlers/transform';

const extract = (source: string, records: number, date = '2026-11-24') => ({ source, date, records, key: `raw/${date}/${source}.json` });
const results = (orders = 25, customers = 25, inventory = 25) => ({
  extract_orders: extract('orders', orders),
  extract_customers: extract('customers', customers),
  extract_inventory: extract('inventory', inventory),
});
const run = (r: Record<string, unknown>) => handler(taskEvent('etl', 'transform', { date: '2026-11-24' }, { results: r }), LAMBDA_CONTEXT);

describe('ETL transform handler', () => {
  test('joins the three extracts into one row count split into partitions of 20', async () => {
    // GIVEN three extracts of 25 records for the same day
    // WHEN the transform runs
    const out = await run(results());
    // THEN 75 rows make four partitions
    expect(PARTITION_SIZE).toBe(20);
    expect(out).toStrictEqual({
      date: '2026-11-24', rows: 75,
      partitions: ['2026-11-24/part-0', '2026-11-24/part-1', '2026-11-24/part-2', '2026-11-24/part-3'],
    });
  });

  test('an exact multiple of the partition size has no partial partition, and no rows no partitions', async () => {
    // GIVEN 40 rows, then 0 rows
    // WHEN the transform runs on each
    // THEN 40 rows make exactly two partitions and 0 rows none
    await expect(run(results(20, 20, 0))).resolves.toStrictEqual({ date: '2026-11-24', rows: 40, partitions: ['2026-11-24/part-0', '2026-11-24/part-1'] });
    await expect(run(results(0, 0, 0))).resolves.toStrictEqual({ date: '2026-11-24', rows: 0, partitions: [] });
  });

  test.each([
    ['a missing extract', { extract_orders: extract('orders', 1), extract_customers: extract('customers', 1) },
      "transform: results.extract_inventory is missing; expected the extract's summary"],
    ['a missing date', { ...results(), extract_customers: { source: 'customers', records: 3, key: 'k' } },
      'transform: results.extract_customers.date must be YYYY-MM-DD, received undefined'],
    ['a malformed date', { ...results(), extract_orders: extract('orders', 3, 'yesterday') },
      'transform: results.extract_orders.date must be YYYY-MM-DD, received "yesterday"'],
    ['a negative record count', { ...results(), extract_inventory: extract('inventory', -4) },
      'transform: results.extract_inventory.records must be a non-negative integer, received -4'],
    ['extracts from different days', { ...results(), extract_inventory: extract('inventory', 5, '2026-11-23') },
      'transform: extracts must be for one day, received 2026-11-24, 2026-11-23'],
  ])('%s throws ValidationError naming the field', async (_what, r, message) => {
    // GIVEN dependency results with one bad extract
    // WHEN the transform runs
    const out = run(r);
    // THEN it fails fast with a ValidationError saying what was expected and received
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(message);
  });
});
