import { readUserFile } from '../io';
import { ENV, LOCAL_SECRETS_KEY } from '../../model/contract';
import { SpecError } from '../../model/errors';
import type { TaskModel, WorkflowModel } from '../../model/types';
import type { LambdaInvoker } from '../../local/engine';

/** Where `dagstep run` takes secret values from: a JSON file and/or prefixed environment variables. */
export interface LocalSecretSources {
  /** A JSON object `{ "DB_PASSWORD": "..." }`. */
  readonly file?: string;
  /** Secret NAME is read from the environment variable `<prefix>NAME`. */
  readonly envPrefix?: string;
}

/**
 * The values of every secret the workflow declares, from the sources the user named (never from
 * AWS). A declared secret without a value is left out: the handler's `getSecret` then fails with
 * a message saying how to pass it.
 */
export function localSecretValues(model: WorkflowModel, sources: LocalSecretSources, env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const values = new Map<string, string>();
  if (sources.file !== undefined) {
    const text = readUserFile(sources.file, '--secrets');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new SpecError({ file: sources.file, field: '--secrets', message: `expected a readable JSON object of secret values: ${(e as Error).message.split('\n')[0]}` });
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new SpecError({ file: sources.file, field: '--secrets', message: 'expected a JSON object { "NAME": "value" }' });
    }
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string') throw new SpecError({ file: sources.file, field: `--secrets ${k}`, message: `expected a string value, received ${v === null ? 'null' : typeof v}` });
      values.set(k, v);
    }
  }
  if (sources.envPrefix !== undefined) {
    for (const name of new Set(model.tasks.flatMap((t) => Object.keys(t.secrets ?? {})))) {
      const v = env[`${sources.envPrefix}${name}`];
      if (v !== undefined) values.set(name, v);
    }
  }
  return values;
}

/**
 * Runs `body` with the local secret values in place for lambdas/secrets.ts (so no handler reaches
 * AWS for a secret), and removes them afterwards.
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
