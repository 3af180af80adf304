import type { Problem } from './errors';
import type { SecretRef } from './types';

const PARTITION = 'aws[a-z-]*';
/** A Secrets Manager secret name (letters, digits, /_+=.@-) or its ARN. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`);
/** An SSM parameter name (`/a/b` or `a.b`) or its ARN. */
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const PARAMETER_ARN = new RegExp(`^arn:${PARTITION}:ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9_./-]+$`);
const KMS_KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`);

/** Problems of a task's `secrets` (each names the task and `secrets.NAME.field`). */
export function secretRefProblems(
  secrets: Readonly<Record<string, SecretRef>> | undefined,
  environment: Readonly<Record<string, string>> | undefined,
  where: { readonly file: string; readonly taskId: string },
): Problem[] {
  const problems: Problem[] = [];
  for (const name of Object.keys(secrets ?? {})) {
    const ref = secrets![name];
    const at = (f?: string) => ({ ...where, field: f ? `secrets.${name}.${f}` : `secrets.${name}` });
    const sm = ref.secretsManager;
    const ssm = ref.ssm;
    if ((sm === undefined) === (ssm === undefined)) {
      problems.push({ ...at(), message: `expected exactly one of "secretsManager" (a secret name or ARN) or "ssm" (a SecureString parameter name or ARN), received ${sm === undefined ? 'neither' : 'both'}` });
      continue;
    }
    if (sm !== undefined && !SECRET_NAME.test(sm) && !SECRET_ARN.test(sm)) {
      problems.push({ ...at('secretsManager'), message: `expected a secret name (letters, digits and /_+=.@-) or a secretsmanager ARN, received "${sm.slice(0, 80)}"` });
    }
    if (ssm !== undefined && !PARAMETER_NAME.test(ssm) && !PARAMETER_ARN.test(ssm)) {
      problems.push({ ...at('ssm'), message: `expected a parameter name such as /prod/api-key or an ssm parameter ARN, received "${ssm.slice(0, 80)}"` });
    }
    if (ref.field !== undefined && sm === undefined) {
      problems.push({ ...at('field'), message: 'expected "field" only with "secretsManager" (it picks a key of the secret\'s JSON value)' });
    }
    if (ref.kmsKeyArn !== undefined && !KMS_KEY_ARN.test(ref.kmsKeyArn)) {
      problems.push({ ...at('kmsKeyArn'), message: `expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), received "${ref.kmsKeyArn.slice(0, 80)}"` });
    }
    if (environment !== undefined && Object.prototype.hasOwnProperty.call(environment, name)) {
      problems.push({ ...at(), message: `"${name}" is both an environment variable and a secret; expected one name for one value` });
    }
  }
  return problems;
}
