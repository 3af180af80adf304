import { DagstepError, Problem } from '../../../model/errors';

/** An AWS operation the user can act on failed (no credentials, stack or execution not found...). */
export class OperationError extends DagstepError {
  constructor(problems: Problem | readonly Problem[]) {
    super('OperationError', Array.isArray(problems) ? problems : [problems as Problem]);
  }
}

/**
 * The AWS setup is missing something (region, credentials, a permission): nothing the command does
 * can work until it is fixed, so the command stops with one screen saying what to set.
 */
export class AwsSetupError extends OperationError {
  constructor(public readonly kind: SetupKind, problem: Problem) {
    super(problem);
  }
}

/** What is missing: a region, valid credentials, or a permission. */
export type SetupKind = 'region' | 'credentials' | 'permission';

const CREDENTIAL_ERRORS = /^(CredentialsProviderError|UnrecognizedClientException|InvalidClientTokenId|ExpiredToken|ExpiredTokenException|InvalidSignatureException|SignatureDoesNotMatch|TokenProviderError|SSOTokenProviderError)$/;
const PERMISSION_ERRORS = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|AuthorizationErrorException)$/;

/** The one-screen explanation of an AWS setup problem, or undefined when `e` is not one. */
export function setupProblem(e: unknown, where: string, action?: string): { kind: SetupKind; problem: Problem } | undefined {
  const err = e as { name?: string; message?: string };
  const name = err?.name ?? '';
  const message = err?.message ?? String(e);
  if (/Region is missing|region.*(missing|not (set|configured))/i.test(message) && !PERMISSION_ERRORS.test(name)) {
    return { kind: 'region', problem: { file: where, message: [
      'no AWS region configured.',
      '  Pass --region <region> (e.g. --region eu-west-1), or set AWS_REGION,',
      '  or use a profile with a region (--profile <name> or AWS_PROFILE).',
    ].join('\n') } };
  }
  if (CREDENTIAL_ERRORS.test(name)) {
    return { kind: 'credentials', problem: { file: where, message: [
      `no valid AWS credentials (${name}: ${message}).`,
      '  Pass --profile <name> or set AWS_PROFILE to a profile in ~/.aws/config (after `aws sso login --profile <name>` for SSO),',
      '  or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).',
    ].join('\n') } };
  }
  if (PERMISSION_ERRORS.test(name)) {
    return { kind: 'permission', problem: { file: where, message: [
      `permission denied (${name}): ${message}`,
      `  The identity you run dagstep with needs the IAM action ${action ?? 'named above'} on ${where}.`,
      '  Grant it, or pass --profile <name> / set AWS_PROFILE to a role that has it.',
    ].join('\n') } };
  }
  return undefined;
}

/**
 * Runs an AWS call. A missing region, missing or expired credentials and a denied permission
 * become an {@link AwsSetupError} saying what to set (`action` names the IAM action needed); other
 * service errors become a one-line OperationError naming `where`; anything else is rethrown.
 */
export async function aws<T>(where: string, call: () => Promise<T>, action?: string): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const setup = setupProblem(e, where, action);
    if (setup) throw new AwsSetupError(setup.kind, setup.problem);
    const err = e as { name?: string; message?: string; $metadata?: unknown; $fault?: unknown };
    // A service error ($metadata), or the SDK's own check of a parameter before sending (client
    // fault; names such as ValidationException, InvalidParameterValue, SerializationException).
    if (err && (err.$metadata !== undefined || err.$fault === 'client' || /NotFound|DoesNotExist|Validation|Invalid|Malformed|Serialization|Throttl/.test(err.name ?? ''))) {
      const first = (err.message ?? String(e)).split('\n').filter((l) => !/^\s+at /.test(l)).slice(0, 3).join(' ').slice(0, 500);
      throw new OperationError({ file: where, message: `${err.name ?? 'Error'}: ${first}` });
    }
    throw e;
  }
}
