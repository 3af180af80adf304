import { ENV, LOCAL_SECRETS_KEY } from '../../model/contract';
import type { TaskModel, WorkflowModel } from '../../model/types';
import type { LambdaInvoker } from '../../local/engine';

/**
 * Runs `body` with the local secret values in place for lambdas/secrets.ts (so no handler reaches
 * AWS for a secret: a name without a value fails saying how to pass one), and removes them afterwards.
 */
export async function withLocalSecrets<T>(values: ReadonlyMap<string, string>, body: () => Promise<T>): Promise<T> {
  const key = Symbol.for(LOCAL_SECRETS_KEY);
  const g = globalThis as Record<symbol, unknown>;
  const before = g[key];
  g[key] = values;
  try {
    return await body();
  } finally {
    if (before === undefined) delete g[key];
    else g[key] = before;
  }
}

/**
 * Wraps an invoker so each handler runs with its task's environment from the spec (and the
 * secrets references its function would get), restored after the call.
 */
export function withTaskEnvironment(model: WorkflowModel, invoke: LambdaInvoker): LambdaInvoker {
  const byId = new Map<string, TaskModel>(model.tasks.map((t) => [t.id, t]));
  return async (req) => {
    const ctx = (req.payload as { context?: { taskId?: unknown } } | undefined)?.context;
    const id = typeof ctx?.taskId === 'string' ? ctx.taskId : req.stateName.replace(/\.item$/, '');
    const t = byId.get(id);
    const vars: Record<string, string> = { [ENV.workflow]: model.name, ...(t?.environment ?? {}) };
    if (t?.secrets && Object.keys(t.secrets).length > 0) vars[ENV.secrets] = JSON.stringify(t.secrets);
    const saved = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
      return await invoke(req);
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };
}
