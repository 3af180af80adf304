import fc from 'fast-check';
import type { Dag } from '../../lib/graph/dag';

/**
 * Random DAGs: tasks t0..tn-1 where each task may depend on earlier ones (so acyclic by
 * construction), with positive durations, declared in a shuffled order.
 */
export function arbDag(options: { minTasks?: number; maxTasks?: number; edgeProbability?: number } = {}): fc.Arbitrary<Dag> {
  const { minTasks = 1, maxTasks = 14, edgeProbability = 0.3 } = options;
  return fc.integer({ min: minTasks, max: maxTasks }).chain((n) => fc.tuple(
    fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
    fc.array(fc.integer({ min: 1, max: 100 }), { minLength: n, maxLength: n }),
    fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
  ).map(([coins, durations, order]) => ({
    source: 'random.json',
    tasks: order.map((i) => ({
      id: `t${i}`,
      dependsOn: [...Array(i).keys()].filter((j) => coins[i][j] < edgeProbability).map((j) => `t${j}`),
      durationSeconds: durations[i],
    })),
  })));
}

/** A seeded pseudo-random source for generators outside fast-check. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
