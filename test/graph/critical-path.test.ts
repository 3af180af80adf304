import fc from 'fast-check';
import { criticalPath } from '../../lib/graph/critical-path';
import { arbDag } from '../support/arbitraries';

describe('criticalPath', () => {
  test('the longest chain of durations, and its tasks', () => {
    // GIVEN a → (b 5 s | c 7 s) → d
    const d = { source: 's', tasks: [
      { id: 'a', dependsOn: [], durationSeconds: 10 }, { id: 'b', dependsOn: ['a'], durationSeconds: 5 },
      { id: 'c', dependsOn: ['a'], durationSeconds: 7 }, { id: 'd', dependsOn: ['b', 'c'], durationSeconds: 1 },
    ] };
    // THEN
    expect(criticalPath(d)).toStrictEqual({ lengthSeconds: 18, path: ['a', 'c', 'd'] });
  });

  test('an empty DAG has an empty critical path', () => {
    expect(criticalPath({ source: 's', tasks: [] })).toStrictEqual({ lengthSeconds: 0, path: [] });
  });

  test('property: the path is a chain of dependencies whose durations add up to the length', () => {
    fc.assert(fc.property(arbDag(), (d) => {
      const cp = criticalPath(d);
      const byId = new Map(d.tasks.map((t) => [t.id, t]));
      expect(cp.path.reduce((s, id) => s + byId.get(id)!.durationSeconds, 0)).toBeCloseTo(cp.lengthSeconds, 9);
      for (let i = 1; i < cp.path.length; i++) expect(byId.get(cp.path[i])!.dependsOn).toContain(cp.path[i - 1]);
    }), { numRuns: 300 });
  });

  test('the benchmark critical paths match INDEX.json', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON fixture
    const index = require('../../bench/dags/INDEX.json') as { file: string; criticalPathSeconds: number }[];
    for (const entry of index) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON fixture, by file name
      const spec = require(`../../bench/dags/${entry.file}`) as { tasks: { id: string; dependsOn?: string[]; durationSeconds: number }[] };
      const d = { source: entry.file, tasks: spec.tasks.map((t) => ({ id: t.id, dependsOn: t.dependsOn ?? [], durationSeconds: t.durationSeconds })) };
      expect(criticalPath(d).lengthSeconds).toBeCloseTo(entry.criticalPathSeconds, 2);
    }
  });
});
