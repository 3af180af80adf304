/**
 * Environment variable names a Lambda function cannot set: the runtime sets them itself
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html, "Defined runtime
 * environment variables"); CloudFormation rejects a function that sets one. `AWS_LAMBDA_*` is
 * reserved as a family. Other `AWS_*` names (e.g. AWS_NODEJS_CONNECTION_REUSE_ENABLED) are allowed.
 */
export const RESERVED_LAMBDA_ENV: ReadonlySet<string> = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', 'TZ',
]);

/** Prefixes dagstep or Lambda own: a task cannot set names starting with them. */
export const RESERVED_ENV_PREFIXES: readonly string[] = ['AWS_LAMBDA_', 'DAGSTEP_'];

/** Why a task may not set this environment variable, or undefined when it may. */
export function reservedEnvReason(name: string): string | undefined {
  if (RESERVED_LAMBDA_ENV.has(name)) return `"${name}" is reserved by the Lambda runtime (it sets it itself) and cannot be set`;
  const prefix = RESERVED_ENV_PREFIXES.find((p) => name.startsWith(p));
  if (prefix === 'AWS_LAMBDA_') return `"${name}": names starting with AWS_LAMBDA_ are reserved by the Lambda runtime and cannot be set`;
  if (prefix) return `"${name}": names starting with ${prefix} are set by dagstep itself and cannot be set by a task`;
  return undefined;
}
