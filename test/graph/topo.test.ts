import fc from 'fast-check';
import { levels, topoOrder } from '../../lib/graph/topo';
import { arbDag } from '../support/arbitraries';

const dag = (tasks: [string, string[]][]) => ({ source: 's', tasks: tasks.map(([id, dependsOn]) => ({ id, dependsOn, durationSeconds: 1 })) });

describe('topo', () => {
  test('ties are broken by declaration order', () => {
    expect(topoOrder(dag([['c', []], ['b', ['c']], ['a', []], ['d', ['a', 'b']]]))).toStrictEqual(['c', 'b', 'a', 'd']);
  });

  test('levels group tasks by their deepest dependency', () => {
    expect(levels(dag([['a', []], ['b', ['a']], ['c', []], ['d', ['b', 'c']]]))).toStrictEqual([['a', 'c'], ['b'], ['d']]);
  });

  test('property: every dependency comes earlier in the order', () => {
    fc.assert(fc.property(arbDag(), (d) => {
      const pos = new Map(topoOrder(d).map((id, i) => [id, i]));
      expect(pos.size).toBe(d.tasks.length);
      for (const t of d.tasks) for (const dep of t.dependsOn) expect(pos.get(dep)!).toBeLessThan(pos.get(t.id)!);
    }), { numRuns: 300 });
  });
});
