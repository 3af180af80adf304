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

type SpTree = { readonly kind: 'task'; readonly d: number } | { readonly kind: 'seq' | 'par'; readonly a: SpTree; readonly b: SpTree };

/**
 * Random series-parallel DAGs, built by series and parallel composition of single tasks (durations
 * 1-50 s); ids are `s0`, `s1`, ... in composition order, so the same draw always gives the same DAG.
 */
export function arbSpDag(maxTasks = 30): fc.Arbitrary<Dag> {
  const { tree } = fc.letrec<{ tree: SpTree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 1, max: 50 }).map((d): SpTree => ({ kind: 'task', d })),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]): SpTree => ({ kind: 'seq', a, b })),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]): SpTree => ({ kind: 'par', a, b })),
    ),
  }));
  return tree.map(spDag).filter((d) => d.tasks.length <= maxTasks);
}

function spDag(tree: SpTree): Dag {
  const tasks: { id: string; dependsOn: string[]; durationSeconds: number }[] = [];
  // Returns the sources and sinks of the part; series composition makes b's sources depend on a's sinks.
  const build = (t: SpTree): { sources: number[]; sinks: number[] } => {
    if (t.kind === 'task') {
      tasks.push({ id: `s${tasks.length}`, dependsOn: [], durationSeconds: t.d });
      return { sources: [tasks.length - 1], sinks: [tasks.length - 1] };
    }
    const a = build(t.a);
    const b = build(t.b);
    if (t.kind === 'par') return { sources: [...a.sources, ...b.sources], sinks: [...a.sinks, ...b.sinks] };
    for (const s of b.sources) tasks[s].dependsOn.push(...a.sinks.map((k) => tasks[k].id));
    return { sources: a.sources, sinks: b.sinks };
  };
  build(tree);
  return { source: 'sp.json', tasks };
}
