import * as path from 'path';
import type { TaskModel, WorkflowModel } from '../../../lib/model/types';

/** A task as the example designs it: handler relative to the workflow, retry by policy name, no prose. */
export type TaskSummary = Omit<TaskModel, 'handler' | 'retry' | 'description'> & { readonly handler?: string; readonly retry?: string };

/** The tasks of a model in the terms the example files are written in. */
export function taskSummaries(model: WorkflowModel): TaskSummary[] {
  return model.tasks.map(({ description: _d, handler, retry, ...rest }) => ({
    ...rest,
    ...(handler !== undefined ? { handler: path.relative(model.baseDir, handler) } : {}),
    retry: retry.name,
  }));
}
