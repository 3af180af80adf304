import fc from 'fast-check';
import { KeySorter } from '../../../../lib/graph/layout/private/sort-by-key';

/** The comparator sort KeySorter stands in for. */
const reference = (items: readonly number[], key: Float64Array) => [...items].sort((a, b) => key[a] - key[b]);

describe('KeySorter', () => {
  test('orders by key and keeps the order of ties', () => {
    // GIVEN tasks 0..5 with keys 3, 1, 3, 0, 1, 3, listed in the order 5, 4, 3, 2, 1, 0
    const key = Float64Array.from([3, 1, 3, 0, 1, 3]);
    // WHEN
    const sorted = new KeySorter(6).sort([5, 4, 3, 2, 1, 0], key);
    // THEN key 0, then 4 before 1 (key 1), then 5, 2, 0 (key 3) as listed
    expect(sorted).toStrictEqual([3, 4, 1, 5, 2, 0]);
  });

  test('-0 and 0 are ties, as for the comparator', () => {
    // GIVEN keys 0, -0, 0
    const key = Float64Array.from([0, -0, 0]);
    // WHEN / THEN the listed order stays
    expect(new KeySorter(3).sort([2, 1, 0], key)).toStrictEqual([2, 1, 0]);
  });

  test('a NaN key gives what the comparator sort gives', () => {
    // GIVEN one NaN among the keys
    const key = Float64Array.from([2, Number.NaN, 1]);
    // WHEN / THEN
    expect(new KeySorter(3).sort([0, 1, 2], key)).toStrictEqual(reference([0, 1, 2], key));
  });

  test('for every list of distinct indices and keys with many ties, the same order as the stable comparator sort', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 20 }).map((x) => x / 4), { minLength: 1, maxLength: 300 }),
      fc.integer(),
      (keys, seed) => {
        // GIVEN the indices of `keys` in a seeded shuffled order (a reused sorter: scratch must not leak)
        const n = keys.length;
        const items = Array.from({ length: n }, (_, i) => i);
        let s = seed >>> 0;
        for (let i = n - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [items[i], items[j]] = [items[j], items[i]];
        }
        const key = Float64Array.from(keys);
        const sorter = new KeySorter(n);
        sorter.sort([...items].reverse(), key);
        // WHEN / THEN
        expect(sorter.sort(items, key)).toStrictEqual(reference(items, key));
      },
    ), { numRuns: 300 });
  });

  test('sortIndices orders 0..m-1 as sort does, in a scratch array of which the first m count', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }).map((x) => x / 4), { minLength: 1, maxLength: 300 }), (keys) => {
      // GIVEN keys with many ties, and a sorter that sorted something longer before
      const m = keys.length;
      const key = Float64Array.from(keys);
      const sorter = new KeySorter(400);
      sorter.sortIndices(400, Float64Array.from({ length: 400 }, (_, i) => -i));
      // WHEN
      const sorted = Array.from(sorter.sortIndices(m, key).subarray(0, m));
      // THEN
      expect(sorted).toStrictEqual(reference(Array.from({ length: m }, (_, i) => i), key));
    }), { numRuns: 300 });
  });
  test('sortIndicesFrom gives sortIndices\' order whatever permutation it starts from, shorter and longer than a run', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 20 }).map((x) => x / 4), { minLength: 1, maxLength: 600 }),
      fc.integer(),
      (keys, seed) => {
        // GIVEN keys with many ties and a seeded shuffled start (a reused sorter)
        const m = keys.length;
        const start = Int32Array.from({ length: m }, (_, i) => i);
        let s = seed >>> 0;
        for (let i = m - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [start[i], start[j]] = [start[j], start[i]];
        }
        const key = Float64Array.from(keys);
        const sorter = new KeySorter(m);
        sorter.sortIndices(m, Float64Array.from({ length: m }, (_, i) => -i));
        // WHEN
        const sorted = Array.from(sorter.sortIndicesFrom(m, key, start).subarray(0, m));
        // THEN
        expect(sorted).toStrictEqual(reference(Array.from({ length: m }, (_, i) => i), key));
      },
    ), { numRuns: 200 });
  });

  test('sortIndicesFrom with a NaN key gives what the comparator sort gives', () => {
    // GIVEN one NaN among the keys, started from the reverse order
    const key = Float64Array.from([2, Number.NaN, 1]);
    // WHEN
    const sorted = Array.from(new KeySorter(3).sortIndicesFrom(3, key, Int32Array.from([2, 1, 0])).subarray(0, 3));
    // THEN
    expect(sorted).toStrictEqual(reference([0, 1, 2], key));
  });
});

