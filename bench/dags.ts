import * as fs from 'fs';
import * as path from 'path';
import type { TaskModel, WorkflowModel } from '../lib/model/types';
import { loadSpecFile } from '../lib/model/spec-loader';
import { RETRY_POLICIES } from '../lib/model/retry-policies';

export const BENCH_DIR = path.resolve(__dirname, 'dags');

/** The public benchmark workflows, with their critical paths from INDEX.json. */
export function benchmarkDags(): { file: string; model: WorkflowModel; criticalPath: number }[] {
  const index = JSON.parse(fs.readFileSync(path.join(BENCH_DIR, 'INDEX.json'), 'utf8')) as { file: string; criticalPathSeconds: number }[];
  return index.map((e) => ({ file: e.file, model: loadSpecFile(path.join(BENCH_DIR, e.file)), criticalPath: e.criticalPathSeconds }));
}

/** A seeded source in [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
}

/**
 * A sparse random DAG with heavy-tailed (Pareto) durations: each task depends on 0-3 earlier
 * tasks, mostly recent ones, like real pipelines.
 */
export function randomDag(n: number, seed: number): WorkflowModel {
  const r = seeded(seed);
  const tasks = Array.from({ length: n }, (_, i) => {
    const k = i === 0 ? 0 : Math.min(i, Math.floor(r() * 4));
    const deps = new Set<number>();
    for (let j = 0; j < k; j++) deps.add(Math.max(0, i - 1 - Math.floor(Math.pow(r(), 2) * Math.min(i, 40))));
    return {
      id: `t${i}`, dependsOn: [...deps].map((d) => `t${d}`),
      durationSeconds: Math.min(3600, Number((1 / Math.pow(1 - r() * 0.999, 1 / 1.2)).toFixed(3))),
      retry: RETRY_POLICIES.default,
    };
  });
  return { name: `random-${n}-${seed}`, tasks, source: `<random:${n}:${seed}>`, baseDir: __dirname };
}

/**
 * A layered DAG: layers of 5-40 tasks, each task of a layer depending on 1-3 distinct tasks of the
 * layer before (the first layer has none), heavy-tailed durations as in `randomDag`. Seeded.
 */
export function layeredDag(n: number, seed: number): WorkflowModel {
  const r = seeded(seed);
  const tasks: TaskModel[] = [];
  let previous: string[] = [];
  while (tasks.length < n) {
    const size = Math.min(n - tasks.length, 5 + Math.floor(r() * 36));
    const layer: string[] = [];
    for (let j = 0; j < size; j++) {
      const id = `t${tasks.length}`;
      const deps = new Set<string>();
      const k = previous.length === 0 ? 0 : Math.min(previous.length, 1 + Math.floor(r() * 3));
      while (deps.size < k) deps.add(previous[Math.floor(r() * previous.length)]);
      tasks.push({
        id, dependsOn: [...deps],
        durationSeconds: Math.min(3600, Number((1 / Math.pow(1 - r() * 0.999, 1 / 1.2)).toFixed(3))),
        retry: RETRY_POLICIES.default,
      });
      layer.push(id);
    }
    previous = layer;
  }
  return { name: `layered-${n}-${seed}`, tasks, source: `<layered:${n}:${seed}>`, baseDir: __dirname };
}
