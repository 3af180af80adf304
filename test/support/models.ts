import type { RetryPolicy, TaskModel, WorkflowModel } from '../../lib/model/types';

/** A retry policy with one rule, for tests that look at rendered Retry. */
export const TEST_RETRY: RetryPolicy = {
  name: 'test',
  rules: [{ errors: ['TransientError'], intervalSeconds: 1, maxAttempts: 2, backoffRate: 2, maxDelaySeconds: 10, jitter: 'FULL' }],
};

/** A task with defaults filled in (as the loader and DSL produce them). */
export function task(id: string, dependsOn: string[] = [], extra: Partial<TaskModel> = {}): TaskModel {
  return { id, dependsOn, durationSeconds: 1, retry: TEST_RETRY, ...extra };
}

/** A workflow model for tests. */
export function workflow(name: string, tasks: TaskModel[], extra: Partial<WorkflowModel> = {}): WorkflowModel {
  return { name, tasks, source: `test/${name}.yaml`, baseDir: '/tmp', ...extra };
}
