import { compileDefinition, CompiledDefinition } from '../../lib/constructs/render-asl';
import type { TaskModel, WorkflowModel } from '../../lib/model/types';
import { LocalWorkflow } from '../../lib/testing/local-workflow';
import { task, workflow } from '../support/models';

/** The layouts every failure is tried under. */
export const LAYOUTS = ['sp', 'exact', 'auto', 'partitioned'] as const;
export type Layout = (typeof LAYOUTS)[number];
/** What the failing task `b` is. */
export const KINDS = ['plain', 'optional', 'fallback', 'map'] as const;
export type Kind = (typeof KINDS)[number];

/** Variations of the model some failures need. */
export interface Variant {
  /** `b` sends no heartbeat within 5 s and runs 10 s. */
  readonly heartbeat?: boolean;
  /** `b` runs 10 s; the execution times out at 5 s. */
  readonly executionTimeout?: boolean;
  /** `b` is a Distributed Map tolerating half its items failing. */
  readonly tolerant?: boolean;
}

/**
 * The matrix workflow, not series-parallel (so `exact` needs cross-branch waits):
 * a → b, a → c, (b, c) → d, c → e, (d, e) → f; `b` is the task that fails, of the given kind.
 */
export function matrixModel(kind: Kind, v: Variant = {}): WorkflowModel {
  const b: Partial<TaskModel> = {
    sideEffects: 'none',
    ...(kind === 'optional' ? { optional: true } : {}),
    ...(kind === 'fallback' ? { fallback: 'b_fb' } : {}),
    ...(kind === 'map' ? { map: v.tolerant ? { itemsPath: '$.items', mode: 'distributed', toleratedFailurePercentage: 50 } : { itemsPath: '$.items' } } : {}),
    ...(v.heartbeat ? { durationSeconds: 10, timeoutSeconds: 60, heartbeatSeconds: 5 } : {}),
    ...(v.executionTimeout ? { durationSeconds: 10, timeoutSeconds: 60 } : {}),
  };
  const tasks = [
    task('a', [], { sideEffects: 'none' }),
    task('b', ['a'], b),
    task('c', ['a'], { sideEffects: 'none', durationSeconds: 3 }),
    task('d', ['b', 'c'], { sideEffects: 'none' }),
    task('e', ['c'], { sideEffects: 'none' }),
    task('f', ['d', 'e'], { sideEffects: 'none' }),
    ...(kind === 'fallback' ? [task('b_fb', [], { sideEffects: 'none' })] : []),
  ];
  return workflow('matrix', tasks, v.executionTimeout ? { timeoutSeconds: 5 } : {});
}

const cache = new Map<string, CompiledDefinition>();

/** The compiled workflow of a cell (cached: compiling builds the whole stack). */
export function compiled(layout: Layout, kind: Kind, v: Variant = {}): LocalWorkflow {
  const model = matrixModel(kind, v);
  const key = JSON.stringify([layout, kind, v]);
  let c = cache.get(key);
  if (!c) {
    c = compileDefinition(model, layout === 'partitioned' ? { layout: 'sp', maxTasksPerStateMachine: 2 } : { layout });
    cache.set(key, c);
  }
  return new LocalWorkflow(model, c);
}

/** The execution input of the matrix (items for the map kind). */
export const INPUT = { items: [1, 2, 3, 4] };

/** A mocked service call failing with `name` for Task states whose resource contains `resource`. */
export function failing(resource: string, name: string) {
  return async (call: { resource: string }) => {
    if (call.resource.includes(resource)) throw Object.assign(new Error(`${name} (injected)`), { name });
    return undefined;
  };
}

/** The root execution ARN of every local run (seeded ids). */
export const ROOT = 'arn:aws:states:local:000000000000:execution:matrix:exec-a08ff49b-6f77-2632-716c-43069c43a8c3';
