import * as crypto from 'crypto';
import { entropyBitsPerChar, findSecrets, isSecretName, secretLooking } from '../../../lib/compile/checks/secrets';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** [key, value]: secrets that must be found, whatever the key. */
const POSITIVES: readonly (readonly [string, string])[] = [
  ['DATABASE_URL', 'postgres://admin:S3cr3tPassw0rd@host/db'],
  ['DB', 'mysql://root:toor@db.internal:3306/app'],
  ['MONGO', 'mongodb+srv://app:pa55word@cluster0.example.mongodb.net/prod'],
  ['REDIS_URL', 'redis://:hunter2hunter2@cache:6379/0'],
  ['AMQP', 'amqps://guest:Gu3stPw@mq.example.com/vhost'],
  ['FTP', 'ftp://user:pass1234@ftp.example.com/in'],
  ['description', 'connects to https://deploy:Tr0ub4dor@git.example.com/repo.git'],
  ['CONN', 'Server=tcp:db.example.com;Database=app;User Id=app;Password=Sup3rS3cret!;'],
  ['CONN2', 'Host=db;Username=app;Pwd=abc123xyz;'],
  ['AZURE', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=q8Zt1KxVbY0a9rLmN2pQ3sT4uV5wX6yZ7aB8cD9eF0g==;'],
  ['SB', 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA='],
  ['AUTH_HEADER', `Bearer ${JWT}`],
  ['HEADER', 'Authorization: Bearer abcdef0123456789abcdef'],
  ['description', `call with bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0`],
  ['JWT_ONLY', JWT],
  ['description', `token ${JWT} from the IdP`],
  ['BASIC', `Basic ${b64('admin:letmein')}`],
  ['HDR', `Authorization: Basic ${b64('svc-user:Pa$$w0rd2024')}`],
  ['SLACK_HOOK', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  ['NOTIFY', 'https://hooks.slack.com/workflows/T0123ABCD/A0456EFGH/1234567890/abcdefABCDEF123456'],
  ['DISCORD', 'https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyzABCDEF_-0123456789'],
  ['DISCORD2', 'https://discordapp.com/api/webhooks/987654321098765432/ZYXWVUTSRQ-ponmlkjih'],
  ['TEAMS', 'https://contoso.webhook.office.com/webhookb2/11111111-2222-3333-4444-555555555555@tenant/IncomingWebhook/abc/def'],
  ['CALLBACK', 'https://api.example.com/hook?token=5f4dcc3b5aa765d61d8327deb882cf99'],
  ['FEED', 'https://feeds.example.com/v1/items?format=json&api_key=AbCdEf123456GhIj'],
  ['S3_LINK', 'https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240101&X-Amz-Signature=abcdef0123456789'],
  ['SAS', 'https://acct.blob.core.windows.net/c/b?sv=2020-08-04&sig=abcDEF123ghiJKL456%3D'],
  ['KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
  ['description', 'uses AKIAIOSFODNN7EXAMPLE for uploads'],
  ['TEMP_KEY', 'ASIAY34FZKBOKMUTVV7A'],
  ['AWS_SECRET', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['BLOB40', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'],
  ['GH', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  ['description', 'push with gho_16C7e42F292c6912E7710c838347Ae178B4a please'],
  ['GH_PAT', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP'],
  ['GHS', 'ghs_abcdefghijklmnopqrstuvwxyz0123456789'],
  ['GITLAB', 'glpat-xxxxXXXXxxxxXXXXxxxx'],
  ['GL2', 'glpat-AbCdEfGhIjKlMnOpQrSt'],
  ['SLACK_BOT', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['SLACK_APP', 'xoxa-2-abcdef-1234567890'],
  ['SLACK_USER', 'xoxp-1234567890-abcdef'],
  ['STRIPE', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  ['STRIPE_R', 'rk_live_51H8abcdefghijklmnop'],
  ['STRIPE_HOOK', 'whsec_abcdefghijklmnopqrstuvwxyz012345'],
  ['GOOGLE', 'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe'],
  ['NPM', 'npm_abcdefghijklmnopqrstuvwxyz0123456789'],
  ['OPENAI', 'sk-proj-abcdefghijklmnopqrstuvwxyz012345'],
  ['ANTHROPIC', 'sk-ant-api03-abcdefghijklmnopqrstuvwx'],
  ['SENDGRID', 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'],
  ['TWILIO', 'SK0123456789abcdef0123456789abcdef'],
  ['MAILGUN', 'key-0123456789abcdef0123456789abcdef'],
  ['PEM', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'],
  ['SSH', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA'],
  ['PK8', '-----BEGIN PRIVATE KEY-----'],
  ['EC', '-----BEGIN EC PRIVATE KEY-----'],
  ['PGP', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
  ['DBPASS', 'hunter2'],
  ['DB_PASSWORD', 'x'],
  ['PASSWORD', 'ssm:hunter2'],
  ['API_KEY', 'secretsmanager:prod/db'],
  ['apiKey', 'hello'],
  ['GITHUB_TOKEN', 'abc'],
  ['CLIENT_SECRET', '0123456789'],
  ['client-secret', 'topsecret'],
  ['SMTP_PASS', 'mailpass'],
  ['MYSQL_PWD', 'rootroot'],
  ['PRIVATE_KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
  ['SIGNING_KEY', 'k1'],
  ['ENCRYPTION_KEY', '00112233445566778899aabbccddeeff'],
  ['CREDENTIALS', 'user:pass'],
  ['SENTRY_DSN', 'https://abc123@o0.ingest.sentry.io/1'],
  ['SESSION_SECRET', 'keyboard cat'],
  ['ADMIN_PASSWORD', 'ssm:/prod/admin'],
  ['TOKEN', '{{resolve:ssm-secure:/x}}'],
  ['DB', '{{resolve:secretsmanager:prod/db:SecretString:password}}'],
  ['BLOB', 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC'],
  ['RANDOM', 'Zx8Qw2Er5Ty7Ui9Op1As3Df6Gh0Jk4Lz'],
];

/** [key, value]: ordinary values that must not be flagged. */
const NEGATIVES: readonly (readonly [string, string])[] = [
  ['TABLE_NAME', 'orders-prod'],
  ['TABLE', 'OrdersTable'],
  ['BUCKET', 'my-company-data-lake-eu-west-1'],
  ['BUCKET', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  ['QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq'],
  ['TOPIC_ARN', 'arn:aws:sns:us-east-1:123456789012:alerts'],
  ['ROLE', 'arn:aws:iam::123456789012:role/service-role/MyRole'],
  ['FN', 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:extract'],
  ['SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'],
  ['TOKEN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x'],
  ['DB_PASSWORD_PARAM', '/prod/db/password'],
  ['API_KEY_NAME', 'prod/api-key'],
  ['API_URL', 'https://api.example.com/v2/orders'],
  ['ENDPOINT', 'https://example.com/path?page=2&limit=50'],
  ['HOME_PAGE', 'http://localhost:3000/'],
  ['WITH_PORT', 'http://db.internal:5432/app'],
  ['GIT', 'git@github.com:org/repo.git'],
  ['EMAIL', 'ops@example.com'],
  ['REQUEST_ID', '123e4567-e89b-12d3-a456-426614174000'],
  ['TRACE', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
  ['DATE', '2024-05-01T12:34:56Z'],
  ['DAY', '2024-05-01'],
  ['VERSION', '1.2.3'],
  ['SEMVER', '2.0.0-rc.1+build.5'],
  ['PATH_PREFIX', '/var/task/data/input'],
  ['S3_KEY', 'raw/2024/05/01/orders-part-0001.json.gz'],
  ['PARTITION_KEY', 'pk'],
  ['CACHE_KEY', 'orders:v2'],
  ['KMS_KEY', 'alias/orders'],
  ['LOG_LEVEL', 'INFO'],
  ['STAGE', 'prod'],
  ['REGION_NAME', 'eu-west-1'],
  ['MODE', 'batch'],
  ['ENABLED', 'true'],
  ['RETRIES', '3'],
  ['TIMEOUT_MS', '30000'],
  ['TOKEN_TTL', '3600'],
  ['TOKEN_URL', 'https://auth.example.com/oauth2/token'],
  ['AUTH_MODE', 'oauth2'],
  ['PASSWORD_MIN_LENGTH', '12'],
  ['SECRET_ROTATION_DAYS', '30'],
  ['API_KEY', ''],
  ['API_KEY_HEADER', 'x-api-key'],
  ['USE_TOKEN', 'false'],
  ['BYPASS', 'yes'],
  ['COMPASS_HEADING', 'north'],
  ['AUTHOR', 'Jane Doe'],
  ['TOKENIZER', 'bert-base-uncased'],
  ['SHA', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['SHA256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['COMMIT', '9fceb02d0ae598e95dc970b74767f19372d61af8'],
  ['description', 'Extracts yesterday\'s orders from the warehouse and writes them to S3.'],
  ['description', 'Basic authentication is handled upstream; see the runbook.'],
  ['description', 'Rotates the password every 30 days (via Secrets Manager).'],
  ['description', 'Bearer tokens are validated by the API gateway'],
  ['description', 'Uses the token bucket algorithm'],
  ['itemsPath', '$.results.list_files.keys'],
  ['errors', 'States.TaskFailed'],
  ['errors', 'Lambda.ServiceException'],
  ['handler', '/home/dev/project/handlers/extract-orders.ts'],
  ['key', 'manifests/2024/manifest.json'],
  ['HOST', 'db.cluster-abc123xyz.eu-west-1.rds.amazonaws.com'],
  ['IMAGE', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2'],
  ['CRON', 'cron(0 2 * * ? *)'],
  ['JSON', '{"a":1,"b":[1,2,3]}'],
  ['LOGICAL_ID', 'OrdersTable1A2B3C4D'],
  ['URL_TEMPLATE', 'postgres://app:${DB_PASSWORD}@db/app'],
  ['PLACEHOLDER', 'https://user:<password>@example.com'],
  ['PASSWORD', '${DB_PASSWORD}'],
  ['KMS_KEY_ARN', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ['WORDS', 'the quick brown fox'],
  ['NUMBER', '42'],
  ['secretsManager', 'prod/db'],
  ['ssm', '/prod/api-key'],
  ['field', 'password'],
  ['DOWNLOAD', 'https://s3.example.com/get?key=reports/2024/q1.csv'],
  ['OAUTH', 'https://auth.example.com/callback?state=active&country_code=DE1234567'],
  ['AUTH_DOMAIN', 'example.auth0.com'],
  ['OAUTH_CLIENT_ID', '0oa1b2c3d4e5f6g7h8i9'],
  ['SM_ARN', 'arn:aws:states:us-east-1:123456789012:stateMachine:MyMachine'],
  ['S3_URI', 's3://my-bucket/exports/2024/05/01/part-00000.parquet'],
];

describe('secretLooking corpus', () => {
  test('the corpus is large enough', () => {
    // GIVEN the corpus / THEN at least 60 of each side
    expect(POSITIVES.length).toBeGreaterThanOrEqual(60);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(60);
  });

  test.each(POSITIVES.map(([k, v]) => [k, v]))('flags %s = %s', (key, value) => {
    // GIVEN a secret literal / WHEN checked / THEN a reason is given
    expect(secretLooking(key, value)).toEqual(expect.any(String));
  });

  test.each(NEGATIVES.map(([k, v]) => [k, v]))('does not flag %s = %s', (key, value) => {
    // GIVEN an ordinary value / WHEN checked / THEN nothing is reported
    expect(secretLooking(key, value)).toBeUndefined();
  });
});

describe('secretLooking reasons', () => {
  test('each kind is named', () => {
    // GIVEN one value per kind / WHEN checked / THEN the kind is exact
    expect(secretLooking('X', 'AKIAIOSFODNN7EXAMPLE')).toBe('an AWS access key id');
    expect(secretLooking('X', '-----BEGIN RSA PRIVATE KEY-----')).toBe('a private key');
    expect(secretLooking('X', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a')).toBe('a GitHub token');
    expect(secretLooking('X', 'postgres://admin:S3cr3tPassw0rd@host/db')).toBe('a password in a URL');
    expect(secretLooking('X', JWT)).toBe('a JSON Web Token');
    expect(secretLooking('X', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX')).toBe('a Slack webhook URL');
    expect(secretLooking('DBPASS', 'hunter2')).toBe('a literal value for "DBPASS"');
    expect(secretLooking('PASSWORD', 'ssm:hunter2')).toBe('a literal value for "PASSWORD"');
  });
});

describe('isSecretName', () => {
  test('secret-sounding names and settings about secrets', () => {
    // GIVEN names / WHEN classified / THEN only the secret ones are
    expect(['DB_PASSWORD', 'dbPassword', 'DBPASS', 'API_KEY', 'apiKey', 'GITHUB_TOKEN', 'client_secret', 'AUTH'].map(isSecretName)).toStrictEqual(Array(8).fill(true));
    expect(['TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'S3_KEY', 'BYPASS', 'AUTHOR', 'SECRET_ARN', 'TOKENIZER', 'secretsManager'].map(isSecretName)).toStrictEqual(Array(8).fill(false));
  });
});

describe('findSecrets', () => {
  test('walks every string of the spec, not only environment', () => {
    // GIVEN secrets in a description, a retry rule, a map path, the workflow description and env
    const spec = {
      name: 'wf', description: 'token xoxb-123456789012-abcdefghijkl', source: 'AKIAIOSFODNN7EXAMPLE', baseDir: '/tmp',
      tasks: [
        { id: 'a', description: 'key AKIAIOSFODNN7EXAMPLE', environment: { DBPASS: 'hunter2', TABLE: 'orders' } },
        { id: 'b', retry: { rules: [{ errors: ['ghp_16C7e42F292c6912E7710c838347Ae178B4a'] }] }, map: { itemsPath: '$.x', itemReader: { bucket: 'b', key: 'https://hooks.slack.com/services/T0/B0/XXXXXXXXXXXX' } } },
        { id: 'c', secrets: { DB_PASSWORD: { secretsManager: 'prod/db', field: 'password' } } },
      ],
    };
    // WHEN scanned
    const found = findSecrets(spec);
    // THEN each is located by task and field (source/baseDir are dagstep's own and skipped)
    expect(found).toStrictEqual([
      { field: 'description', kind: 'a Slack token' },
      { taskId: 'a', field: 'description', kind: 'an AWS access key id' },
      { taskId: 'a', field: 'environment.DBPASS', kind: 'a literal value for "DBPASS"' },
      { taskId: 'b', field: 'retry.rules[0].errors[0]', kind: 'a GitHub token' },
      { taskId: 'b', field: 'map.itemReader.key', kind: 'a Slack webhook URL' },
    ]);
  });

  test('a deep or cyclic value does not hang or overflow', () => {
    // GIVEN a 10,000-level object and a cycle
    let deep: Record<string, unknown> = { v: 'x' };
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const cyclic: Record<string, unknown> = { a: 'b' };
    cyclic.self = cyclic;
    // WHEN scanned / THEN it returns
    expect(findSecrets(deep)).toStrictEqual([]);
    expect(findSecrets(cyclic)).toStrictEqual([]);
  });

  test('entropy of uniform and repeated strings', () => {
    // GIVEN strings / WHEN measured / THEN bits per char
    expect(entropyBitsPerChar('aaaa')).toBe(0);
    expect(entropyBitsPerChar('abcd')).toBe(2);
  });
});

describe('the cases of issue 21', () => {
  const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const bytes = (seed: string, n: number) => {
    const out: Buffer[] = [];
    for (let i = 0; out.length * 32 < n; i++) out.push(crypto.createHash('sha256').update(`${seed}${i}`).digest());
    return Buffer.concat(out).subarray(0, n);
  };
  const pem = (type: string, body: Buffer) => `-----BEGIN ${type}-----\n${body.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END ${type}-----`;
  const sshString = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const SSH_PUBLIC_KEY = `ssh-ed25519 ${Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(bytes('ssh', 32))]).toString('base64')} ops@example.com`;
  const CERTIFICATE = pem('CERTIFICATE', bytes('cert', 600));
  const SRI = `sha384-${crypto.createHash('sha384').update('app.js').digest('base64')}`;

  test.each([
    ['ARGS', `KEY=${AWS_SECRET}`, 'an AWS secret access key'],
    ['GH', '8f14e45fceea167a5a36dedd4bea2543c1d2b3a4', 'a 40-hex token'],
    ['SLACK', 'xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef', 'a Slack app-level token'],
    ['command[0]', '--password=hunter22', 'a password on a command line'],
    ['command[0]', 'mysql --password hunter22 -h db', 'a password on a command line'],
  ])('%s = %s is found as %s', (key, value, kind) => {
    // GIVEN a secret literal / WHEN checked / THEN it is found, with its kind
    expect(secretLooking(key, value)).toBe(kind);
  });

  test.each([
    ['GIT_SHA', '8f14e45fceea167a5a36dedd4bea2543c1d2b3a4'],
    ['MAX_TOKENS', '4096'],
    ['TLS_CERT', CERTIFICATE],
    ['DEPLOY_KEY_PUB', SSH_PUBLIC_KEY],
    ['SCRIPT_INTEGRITY', SRI],
  ])('%s is not a secret', (key, value) => {
    // GIVEN public material or a setting / WHEN checked / THEN nothing is found
    expect(secretLooking(key, value)).toBeUndefined();
  });

  test('a private key stays a secret next to a certificate', () => {
    // GIVEN / WHEN / THEN
    expect(secretLooking('TLS', `${CERTIFICATE}\n${pem('PRIVATE KEY', bytes('key', 300))}`)).toBe('a private key');
  });

  test('findSecrets names a DynamoDB {S: ...} value and a --password argument by what they are', () => {
    // GIVEN an SDK putItem with a password attribute, a command with a flag and its value, and README-style container secrets
    const spec = {
      name: 'wf',
      tasks: [
        { id: 'save', sdk: { service: 'dynamodb', action: 'putItem', resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/users', parameters: { Item: { password: { S: 'hunter22' }, name: { S: 'ada' } } } } },
        { id: 'load', container: { image: 'app:1', command: ['load', '--password', 'hunter22'], secrets: { DB_PASSWORD: 'ssm:/prod/db/password', API_KEY: 'secretsmanager:prod/api:key' } } },
      ],
    };
    // WHEN scanned
    const found = findSecrets(spec);
    // THEN the two passwords are found, the name and the references are not
    expect(found).toStrictEqual([
      { taskId: 'save', field: 'sdk.parameters.Item.password.S', kind: 'a literal value for "password"' },
      { taskId: 'load', field: 'container.command[2]', kind: 'a literal value for "password"' },
    ]);
  });
});
