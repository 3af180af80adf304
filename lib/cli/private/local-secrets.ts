import { readUserFile } from '../io';
import { SpecError } from '../../model/errors';
import type { WorkflowModel } from '../../model/types';

/** Where `dagstep run` / `simulate` take secret values from: a JSON file and/or prefixed environment variables. */
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
