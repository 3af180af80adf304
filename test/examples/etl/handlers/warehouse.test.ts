import { Warehouse, warehouse } from '../../../../examples/etl/handlers/warehouse';

describe('Warehouse (simulated database)', () => {
  test('stores partitions by key and sums their rows', () => {
    // GIVEN an empty warehouse
    const w = new Warehouse();
    // WHEN two partitions are written
    w.upsert('2026-11-24/part-0', { rows: 20, batchId: 'a' });
    w.upsert('2026-11-24/part-1', { rows: 5, batchId: 'a' });
    // THEN both are stored with their rows
    expect([w.size, w.rows]).toStrictEqual([2, 25]);
    expect(w.get('2026-11-24/part-1')).toStrictEqual({ rows: 5, batchId: 'a' });
    expect(w.get('2026-11-24/part-9')).toBeUndefined();
  });

  test('writing a partition again replaces it instead of duplicating rows', () => {
    // GIVEN a written partition
    const w = new Warehouse();
    w.upsert('p', { rows: 20, batchId: 'first' });
    // WHEN the same partition is written again (a retried load)
    w.upsert('p', { rows: 20, batchId: 'second' });
    // THEN there is still one partition of 20 rows, from the last write
    expect([w.size, w.rows, w.get('p')]).toStrictEqual([1, 20, { rows: 20, batchId: 'second' }]);
  });

  test('clear empties the store, and the shared instance is a Warehouse', () => {
    // GIVEN a warehouse with a partition
    const w = new Warehouse();
    w.upsert('p', { rows: 1, batchId: 'b' });
    // WHEN cleared
    w.clear();
    // THEN nothing is left
    expect([w.size, w.rows, w.get('p')]).toStrictEqual([0, 0, undefined]);
    expect(warehouse).toBeInstanceOf(Warehouse);
  });
});
