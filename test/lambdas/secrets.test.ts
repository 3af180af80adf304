import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { mockClient } from 'aws-sdk-client-mock';
import { declaredSecrets, getSecret, SecretNotDeclaredError, secrets } from '../../lambdas/secrets';
import { ENV, LOCAL_SECRETS_KEY } from '../../lib/model/contract';

const sm = mockClient(SecretsManagerClient);
const ssm = mockClient(SSMClient);
const saved = { ...process.env };

beforeEach(() => {
  sm.reset();
  ssm.reset();
  clearCaches();
  process.env = { ...saved, AWS_REGION: 'eu-west-1' };
  process.env[ENV.secrets] = JSON.stringify({
    DB_PASSWORD: { secretsManager: 'prod/db', field: 'password' },
    RAW: { secretsManager: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:raw-AbCdEf' },
    API_KEY: { ssm: '/prod/api-key' },
  });
});
afterAll(() => { process.env = saved; });

describe('getSecret', () => {
  test('reads a field of a JSON secret from Secrets Manager', async () => {
    // GIVEN a JSON secret
    sm.on(GetSecretValueCommand, { SecretId: 'prod/db' }).resolves({ SecretString: '{"username":"app","password":"pw-from-sm"}' });
    // WHEN read / THEN the field is returned
    await expect(getSecret('DB_PASSWORD')).resolves.toBe('pw-from-sm');
  });

  test('reads a whole secret by ARN', async () => {
    // GIVEN a string secret / WHEN read / THEN the string
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'whole-value' });
    await expect(getSecret('RAW')).resolves.toBe('whole-value');
    expect(sm.commandCalls(GetSecretValueCommand)[0].args[0].input).toStrictEqual({ SecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:raw-AbCdEf' });
  });

  test('reads an SSM SecureString with decryption', async () => {
    // GIVEN a parameter
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'key-from-ssm' } });
    // WHEN read through the typed accessor
    const value = await secrets<'API_KEY'>().get('API_KEY');
    // THEN decrypted
    expect(value).toBe('key-from-ssm');
    expect(ssm.commandCalls(GetParameterCommand)[0].args[0].input).toStrictEqual({ Name: '/prod/api-key', WithDecryption: true });
  });

  test('values are cached for the TTL; forceFetch reads again', async () => {
    // GIVEN a parameter
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'v1' } });
    // WHEN read twice, then forced
    await getSecret('API_KEY');
    await getSecret('API_KEY');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    await getSecret('API_KEY', { forceFetch: true });
    // THEN one call per fetch outside the cache
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  test('an undeclared secret or a missing field is a typed error that shows no value', async () => {
    // GIVEN a secret without the field
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"user":"app","pass":"do-not-print"}' });
    // WHEN / THEN
    await expect(getSecret('NOPE')).rejects.toThrow(new SecretNotDeclaredError('secret "NOPE" is not declared under the task\'s secrets: (declared: DB_PASSWORD, RAW, API_KEY)'));
    const err = await getSecret('DB_PASSWORD').catch((e: Error) => e);
    expect(err).toBeInstanceOf(SecretNotDeclaredError);
    expect((err as Error).name).toBe('SecretNotDeclaredError');
    expect((err as Error).message).toBe('secret "DB_PASSWORD": Secrets Manager secret prod/db has no field "password"');
  });

  test('a local run reads its own values and never calls AWS', async () => {
    // GIVEN local values in place
    const key = Symbol.for(LOCAL_SECRETS_KEY);
    (globalThis as Record<symbol, unknown>)[key] = new Map([['DB_PASSWORD', 'local-pw']]);
    try {
      // WHEN read / THEN the local value, and no client was called
      await expect(getSecret('DB_PASSWORD')).resolves.toBe('local-pw');
      await expect(getSecret('API_KEY')).rejects.toThrow('secret "API_KEY" has no local value: pass it with --secrets <file.json> or --secrets-env <PREFIX> (dagstep run, simulate), or the secrets option (runLocally, LocalWorkflow.run)');
      expect(sm.calls()).toHaveLength(0);
      expect(ssm.calls()).toHaveLength(0);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[key];
    }
  });
});

describe('declaredSecrets', () => {
  test('no variable or malformed JSON means no secrets', () => {
    // GIVEN / WHEN / THEN
    expect(declaredSecrets({})).toStrictEqual({});
    expect(declaredSecrets({ [ENV.secrets]: '{oops' })).toStrictEqual({});
    expect(declaredSecrets({ [ENV.secrets]: '{"A":{"ssm":"/a"}}' })).toStrictEqual({ A: { ssm: '/a' } });
  });
});
