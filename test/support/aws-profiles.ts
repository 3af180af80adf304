import * as path from 'path';

const FIXTURES = path.resolve(__dirname, '../fixtures/aws');

/**
 * For the tests of one file: the AWS shared config and credentials files are the fixtures
 * (profiles default, ops and ci; no secrets), so `--profile ops` names a defined profile.
 */
export function useFixtureAwsProfiles(): void {
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  beforeAll(() => {
    process.env.AWS_CONFIG_FILE = path.join(FIXTURES, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(FIXTURES, 'credentials');
  });
  afterAll(() => {
    for (const [key, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}
