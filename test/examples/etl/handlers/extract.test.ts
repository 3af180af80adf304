import { LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { TransientError, ValidationError } from '../../../../lambdas/errors';
import { handler } from '../../../../examples/etl/handlers/extract';

const run = (taskId: string, input: object) => handler(taskEvent('etl', taskId, input), LAMBDA_CONTEXT);

describe('ETL extract handler', () => {
  test.each([
    ['extract_orders', 'orders'],
    ['extract_customers', 'customers'],
    ['extract_inventory', 'inventory'],
  ])('%s returns a small summary of the %s API extract for the day', async (taskId, source) => {
    // GIVEN the day and the number of records each API returns
    const input = { date: '2026-11-24', records: 25 };
    // WHEN the extract runs
    const out = await run(taskId, input);
    // THEN it summarizes the extract and names where the raw data went
    expect(out).toStrictEqual({ source, date: '2026-11-24', records: 25, key: `raw/2026-11-24/${source}.json` });
  });

  test('records default to 25 and the same event gives the same result', async () => {
    // GIVEN an input with only the day
    const input = { date: '2026-11-24' };
    // WHEN the extract runs twice
    const [a, b] = [await run('extract_orders', input), await run('extract_orders', input)];
    // THEN both results are the same default-sized extract
    expect(a).toStrictEqual({ source: 'orders', date: '2026-11-24', records: 25, key: 'raw/2026-11-24/orders.json' });
    expect(b).toStrictEqual(a);
  });

  test('the API the input names as throttled throws TransientError; the others still succeed', async () => {
    // GIVEN an input asking the customers API to throttle
    const input = { date: '2026-11-24', records: 3, simulate: { throttle: 'extract_customers' } };
    // WHEN extract_customers and extract_orders run
    const failed = run('extract_customers', input);
    // THEN extract_customers fails with a retryable TransientError
    await expect(failed).rejects.toThrow(TransientError);
    await expect(failed).rejects.toThrow('extract_customers: the customers API throttled the request (429)');
    // AND extract_orders is unaffected
    await expect(run('extract_orders', input)).resolves.toStrictEqual({ source: 'orders', date: '2026-11-24', records: 3, key: 'raw/2026-11-24/orders.json' });
  });

  test.each([
    [{ records: 25 }, 'extract_orders: input.date must be YYYY-MM-DD, received undefined'],
    [{ date: '24/11/2026' }, 'extract_orders: input.date must be YYYY-MM-DD, received "24/11/2026"'],
    [{ date: '2026-11-24', records: -1 }, 'extract_orders: input.records must be a non-negative integer, received -1'],
    [{ date: '2026-11-24', records: 2.5 }, 'extract_orders: input.records must be a non-negative integer, received 2.5'],
  ])('bad input %j throws ValidationError naming the field', async (input, message) => {
    // GIVEN an input with a missing or malformed field
    // WHEN the extract runs
    const out = run('extract_orders', input);
    // THEN it fails fast with a ValidationError saying what was expected and received
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(message);
  });
});
