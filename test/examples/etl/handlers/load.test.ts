import { EXECUTION_ID, LAMBDA_CONTEXT, taskEvent } from '../../private/task-event';
import { UpstreamDependencyError, ValidationError } from '../../../../lambdas/errors';
import { batchId, handler } from '../../../../examples/etl/handlers/load';
import { warehouse } from '../../../../examples/etl/handlers/warehouse';

const TRANSFORM = {
  date: '2026-11-24', rows: 75,
  partitions: ['2026-11-24/part-0', '2026-11-24/part-1', '2026-11-24/part-2', '2026-11-24/part-3'],
};
const run = (item: unknown, input: object = { date: '2026-11-24' }, results: Record<string, unknown> = { transform: TRANSFORM }) =>
  handler(taskEvent('etl', 'load', input, { results, item }), LAMBDA_CONTEXT);

beforeEach(() => warehouse.clear());

describe('ETL load handler', () => {
  test('batchId is 12 hex characters, fixed by execution and partition', () => {
    // GIVEN the same execution and partition twice, and another partition
    // WHEN batch ids are derived
    // THEN the same inputs give the same id and another partition another id
    expect(batchId(EXECUTION_ID, '2026-11-24/part-0')).toMatch(/^[0-9a-f]{12}$/);
    expect(batchId(EXECUTION_ID, '2026-11-24/part-0')).toBe(batchId(EXECUTION_ID, '2026-11-24/part-0'));
    expect(batchId(EXECUTION_ID, '2026-11-24/part-1')).not.toBe(batchId(EXECUTION_ID, '2026-11-24/part-0'));
    expect(batchId('another-execution', '2026-11-24/part-0')).not.toBe(batchId(EXECUTION_ID, '2026-11-24/part-0'));
  });

  test('writes one full partition and returns rows written and the batch id', async () => {
    // GIVEN the first of four partitions of 75 rows
    // WHEN it is loaded
    const out = await run('2026-11-24/part-0');
    // THEN 20 rows were written under the execution's batch id
    const id = batchId(EXECUTION_ID, '2026-11-24/part-0');
    expect(out).toStrictEqual({ partition: '2026-11-24/part-0', rowsWritten: 20, batchId: id });
    expect(warehouse.get('2026-11-24/part-0')).toStrictEqual({ rows: 20, batchId: id });
  });

  test('every partition of a run loads the joined row count once, even when one is retried', async () => {
    // GIVEN the four partitions of 75 rows
    // WHEN each is loaded and the last one is loaded again (a retry)
    const outs = [];
    for (const p of TRANSFORM.partitions) outs.push(await run(p));
    const retried = await run('2026-11-24/part-3');
    // THEN the last partition has the remaining 15 rows, the retry changed nothing, and 75 rows are stored
    expect(outs.map((o) => o.rowsWritten)).toStrictEqual([20, 20, 20, 15]);
    expect(retried).toStrictEqual(outs[3]);
    expect([warehouse.size, warehouse.rows]).toStrictEqual([4, 75]);
  });

  test('a warehouse outage throws UpstreamDependencyError and writes nothing', async () => {
    // GIVEN an input simulating the warehouse being down
    const out = run('2026-11-24/part-0', { simulate: { warehouseDown: true } });
    // WHEN the load runs / THEN it fails with the error the upstream policy retries
    await expect(out).rejects.toThrow(UpstreamDependencyError);
    await expect(out).rejects.toThrow('load: the warehouse is not accepting connections');
    expect(warehouse.size).toBe(0);
  });

  test.each([
    ['an item that is not a partition of the transform', '2026-11-24/part-7', { transform: TRANSFORM },
      'load: item must be one of results.transform.partitions (2026-11-24/part-0, 2026-11-24/part-1, 2026-11-24/part-2, 2026-11-24/part-3), received "2026-11-24/part-7"'],
    ['no item', undefined, { transform: TRANSFORM },
      'load: item must be one of results.transform.partitions (2026-11-24/part-0, 2026-11-24/part-1, 2026-11-24/part-2, 2026-11-24/part-3), received undefined'],
    ['no transform result', '2026-11-24/part-0', {}, 'load: results.transform is missing; expected the transform result'],
  ])('%s throws ValidationError', async (_what, item, results, message) => {
    // GIVEN a Map item or dependency result that does not fit
    // WHEN the load runs
    const out = run(item, { date: '2026-11-24' }, results);
    // THEN it fails fast with a ValidationError naming the field
    await expect(out).rejects.toThrow(ValidationError);
    await expect(out).rejects.toThrow(message);
  });
});
