import { secretLooking } from '../../../lib/compile/checks/secrets';

describe('secretLooking', () => {
  test('each kind of secret is named', () => {
    // GIVEN secret-looking values / WHEN checked / THEN the reason is exact
    expect(secretLooking('KEY_ID', 'AKIAABCDEFGHIJKLMNOP')).toBe('an AWS access key id');
    expect(secretLooking('PEM', '-----BEGIN RSA PRIVATE KEY-----\nabc')).toBe('a private key');
    expect(secretLooking('GH', 'ghp_abc')).toBe('an API token');
    expect(secretLooking('SLACK', 'xoxb-123')).toBe('an API token');
    expect(secretLooking('OPENAI', 'sk-abcdefghijklmnopqrstuvwxyz')).toBe('an API token');
    expect(secretLooking('API_KEY', 'hello')).toBe('a literal value for "API_KEY"');
    expect(secretLooking('db_password', 'x')).toBe('a literal value for "db_password"');
    expect(secretLooking('BLOB', 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC')).toBe('a high-entropy string');
  });

  test('references and ordinary values are fine', () => {
    // GIVEN references and plain values / WHEN checked / THEN undefined
    expect(secretLooking('API_KEY', 'ssm:/prod/api-key')).toBeUndefined();
    expect(secretLooking('DB_PASSWORD', 'secretsmanager:prod/db')).toBeUndefined();
    expect(secretLooking('TOKEN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x')).toBeUndefined();
    expect(secretLooking('TOKEN', '{{resolve:ssm-secure:/x}}')).toBeUndefined();
    expect(secretLooking('API_KEY', '')).toBeUndefined();
    expect(secretLooking('LOG_LEVEL', 'INFO')).toBeUndefined();
    expect(secretLooking('BUCKET', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBeUndefined();
  });
});
