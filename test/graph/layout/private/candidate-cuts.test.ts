import { indexDag } from '../../../../lib/graph/dag';
import { CutFinder } from '../../../../lib/graph/layout/private/candidate-cuts';

describe('CutFinder', () => {
  // a(1) → b(2) → c(3), hashes z1 = 1, 2, 4 and z2 = 8, 16, 32
  const ix = indexDag({ source: 's', tasks: [
    { id: 'a', dependsOn: [], durationSeconds: 1 }, { id: 'b', dependsOn: ['a'], durationSeconds: 2 }, { id: 'c', dependsOn: ['b'], durationSeconds: 3 },
  ] });
  const finder = () => new CutFinder(ix, Int32Array.from([1, 2, 4]), Int32Array.from([8, 16, 32]), 5);

  test('every cut of a chain is wait-free: the first order is the only one built', () => {
    // GIVEN the chain's local schedule (critical path 6)
    const schedule = { est: Float64Array.from([0, 1, 3]), eft: Float64Array.from([1, 3, 6]), tail: Float64Array.from([6, 5, 3]) };
    // WHEN
    const cuts = finder().cuts([0, 1, 2], 6, schedule);
    // THEN both prefixes cost the critical path, with their prefix hashes
    expect(cuts).toStrictEqual([{ order: [0, 1, 2], exactSplits: [1, 2], best: [
      { order: [0, 1, 2], k: 1, cost: 6, h1: 1, h2: 8 }, { order: [0, 1, 2], k: 2, cost: 6, h1: 3, h2: 24 },
    ] }]);
  });

  test('a dependency outside the set does not close a prefix', () => {
    // GIVEN the set {b, c} on its own (b's dependency a is not in it): schedule of b → c alone
    const schedule = { est: Float64Array.from([0, 0, 2]), eft: Float64Array.from([0, 2, 5]), tail: Float64Array.from([0, 5, 3]) };
    // WHEN
    const cuts = finder().cuts([1, 2], 5, schedule);
    // THEN the cut after b is wait-free
    expect(cuts).toStrictEqual([{ order: [1, 2], exactSplits: [1], best: [{ order: [1, 2], k: 1, cost: 5, h1: 2, h2: 16 }] }]);
  });
  test('the orders of a superset (or of an unrelated set) as the hint give the same cuts', () => {
    // GIVEN a diamond a → {b, c} → d with b long, its whole set's cuts, and the set {b, c, d} on its own
    const dix = indexDag({ source: 's', tasks: [
      { id: 'a', dependsOn: [], durationSeconds: 1 }, { id: 'b', dependsOn: ['a'], durationSeconds: 5 },
      { id: 'c', dependsOn: ['a'], durationSeconds: 2 }, { id: 'd', dependsOn: ['b', 'c'], durationSeconds: 1 },
    ] });
    const f = new CutFinder(dix, Int32Array.from([1, 2, 4, 8]), Int32Array.from([16, 32, 64, 128]), 5);
    const whole = f.cuts([0, 1, 2, 3], 7, {
      est: Float64Array.from([0, 1, 1, 6]), eft: Float64Array.from([1, 6, 3, 7]), tail: Float64Array.from([7, 6, 3, 1]),
    });
    const part = { est: Float64Array.from([0, 0, 0, 5]), eft: Float64Array.from([0, 5, 2, 6]), tail: Float64Array.from([0, 6, 3, 1]) };
    const unhinted = f.cuts([1, 2, 3], 6, part);
    // WHEN the part is cut again with the whole set's orders as the hint, and with the orders of {d} alone
    const hinted = f.cuts([1, 2, 3], 6, part, whole);
    const stale = f.cuts([1, 2, 3], 6, part, [{ order: [3], exactSplits: [], best: [] }]);
    // THEN the same cuts, in the same orders
    expect(hinted).toStrictEqual(unhinted);
    expect(stale).toStrictEqual(unhinted);
    expect(unhinted.length).toBeGreaterThan(0);
  });
});
