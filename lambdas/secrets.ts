/**
 * Reads the secrets a task declares (`secrets:` in the spec) at run time, through Powertools
 * Parameters: cached in the function for a TTL, fetched with the function role's read-only grant.
 * The function's environment holds only where each secret lives (DAGSTEP_SECRETS), never a value;
 * nothing here logs a value. In `dagstep run` the values come from the local run, never from AWS.
 *
 * ```ts
 * import { secrets } from 'dagstep/lambda';
 * const vault = secrets<'DB_PASSWORD' | 'API_KEY'>();
 * export const handler = async () => { const password = await vault.get('DB_PASSWORD'); ... };
 * ```
 */
import { getSecret as fetchSecret } from '@aws-lambda-powertools/parameters/secrets';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { ENV, ERROR_NAMES, LOCAL_SECRETS_KEY } from '../lib/model/contract';
import type { SecretRef } from '../lib/model/types';

/** Seconds a value stays cached unless DAGSTEP_SECRETS_MAX_AGE or `maxAge` says otherwise. */
export const DEFAULT_SECRET_MAX_AGE_SECONDS = 300;

/** A handler asked for a secret its task does not declare, or a local run has no value for it. */
export class SecretNotDeclaredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ERROR_NAMES.secretNotDeclared;
  }
}

/** Options of one read. */
export interface GetSecretOptions {
  /** Seconds the value stays cached. @default DAGSTEP_SECRETS_MAX_AGE, else 300 */
  readonly maxAge?: number;
  /** Skip the cache (e.g. after an authentication failure caused by a rotation). @default false */
  readonly forceFetch?: boolean;
}

/** Where each secret of this function lives, from its environment. */
export function declaredSecrets(env: NodeJS.ProcessEnv = process.env): Readonly<Record<string, SecretRef>> {
  const raw = env[ENV.secrets];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, SecretRef> : {};
  } catch {
    return {};
  }
}

/** The values of a local run, when one is in progress. */
function localValues(): ReadonlyMap<string, string> | undefined {
  return (globalThis as Record<symbol, ReadonlyMap<string, string> | undefined>)[Symbol.for(LOCAL_SECRETS_KEY)];
}

/** The value of one declared secret (a string; `field` picks a key of a JSON secret). */
export async function getSecret(name: string, options: GetSecretOptions = {}): Promise<string> {
  const local = localValues();
  if (local) {
    const value = local.get(name);
    if (value === undefined) {
      throw new SecretNotDeclaredError(`secret "${name}" has no local value: pass it with --secrets <file.json> or --secrets-env <PREFIX> (dagstep run, simulate), or the secrets option (runLocally, LocalWorkflow.run)`);
    }
    return value;
  }
  const declared = declaredSecrets();
  const ref = Object.prototype.hasOwnProperty.call(declared, name) ? declared[name] : undefined;
  if (!ref) {
    const known = Object.keys(declared);
    throw new SecretNotDeclaredError(`secret "${name}" is not declared under the task's secrets: (declared: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  const maxAge = options.maxAge ?? (Number(process.env[ENV.secretsMaxAge]) || DEFAULT_SECRET_MAX_AGE_SECONDS);
  const common = { maxAge, forceFetch: options.forceFetch ?? false };
  if (ref.ssm !== undefined) {
    const value = await getParameter(ref.ssm, { ...common, decrypt: true });
    if (typeof value !== 'string') throw new SecretNotDeclaredError(`secret "${name}": SSM parameter ${ref.ssm} has no value`);
    return value;
  }
  const id = ref.secretsManager!;
  if (ref.field === undefined) {
    const value = await fetchSecret(id, common);
    if (typeof value !== 'string') throw new SecretNotDeclaredError(`secret "${name}": Secrets Manager secret ${id} has no string value`);
    return value;
  }
  const doc = await fetchSecret<Record<string, unknown>>(id, { ...common, transform: 'json' });
  const value = doc && typeof doc === 'object' ? (doc)[ref.field] : undefined;
  if (value === undefined || value === null) {
    throw new SecretNotDeclaredError(`secret "${name}": Secrets Manager secret ${id} has no field "${ref.field}"`);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A typed view of a task's secrets: `get` accepts only the names given as the type parameter. */
export interface Secrets<Name extends string> {
  get(name: Name, options?: GetSecretOptions): Promise<string>;
}

/** The typed accessor: `secrets<'DB_PASSWORD' | 'API_KEY'>().get('DB_PASSWORD')`. */
export function secrets<Name extends string>(): Secrets<Name> {
  return { get: (name, options) => getSecret(name, options) };
}
