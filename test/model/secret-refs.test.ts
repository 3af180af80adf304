import { secretRefProblems } from '../../lib/model/secret-refs';

const where = { file: 'wf.yaml', taskId: 't' };

describe('secretRefProblems', () => {
  test('valid references pass', () => {
    // GIVEN names and ARNs of both stores, a field and a key / WHEN / THEN
    expect(secretRefProblems({
      A: { secretsManager: 'prod/db', field: 'password' },
      B: { secretsManager: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf' },
      C: { ssm: '/prod/api-key', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      D: { ssm: 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/prod/key' },
    }, undefined, where)).toStrictEqual([]);
  });

  test('each mistake names the task and the field', () => {
    // GIVEN broken references / WHEN checked
    const problems = secretRefProblems({
      NONE: {}, BOTH: { secretsManager: 'a', ssm: '/b' }, BADNAME: { secretsManager: 'has space' }, BADSSM: { ssm: '//x' },
      FIELD: { ssm: '/x', field: 'f' }, KEY: { ssm: '/x', kmsKeyArn: 'alias/mine' }, DUP: { ssm: '/dup' },
    }, { DUP: 'x' }, where);
    // THEN
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toStrictEqual([
      'secrets.NONE: expected exactly one of "secretsManager" (a secret name or ARN) or "ssm" (a SecureString parameter name or ARN), received neither',
      'secrets.BOTH: expected exactly one of "secretsManager" (a secret name or ARN) or "ssm" (a SecureString parameter name or ARN), received both',
      'secrets.BADNAME.secretsManager: expected a secret name (letters, digits and /_+=.@-) or a secretsmanager ARN, received "has space"',
      'secrets.BADSSM.ssm: expected a parameter name such as /prod/api-key or an ssm parameter ARN, received "//x"',
      'secrets.FIELD.field: expected "field" only with "secretsManager" (it picks a key of the secret\'s JSON value)',
      'secrets.KEY.kmsKeyArn: expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), received "alias/mine"',
      'secrets.DUP: "DUP" is both an environment variable and a secret; expected one name for one value',
    ]);
    expect(problems.every((p) => p.file === 'wf.yaml' && p.taskId === 't')).toBe(true);
  });
});
