import * as path from 'path';
import { AwsSetupError } from '../../../../lib/cli/private/aws/errors';
import { assertProfileExists, knownProfiles, sharedFiles } from '../../../../lib/cli/private/aws/profiles';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/aws');
const ENV = { AWS_CONFIG_FILE: path.join(FIXTURES, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'credentials') };

describe('AWS profiles', () => {
  test('GIVEN AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE WHEN read THEN [default], [profile x] and credential sections are profiles (not sso-session)', () => {
    expect(knownProfiles(ENV)).toStrictEqual(['ci', 'default', 'ops']);
  });

  test('GIVEN no overrides WHEN the files are located THEN they are ~/.aws/config and ~/.aws/credentials', () => {
    expect(sharedFiles({ HOME: '/home/me' })).toStrictEqual({ config: '/home/me/.aws/config', credentials: '/home/me/.aws/credentials' });
  });

  test('GIVEN a defined profile WHEN checked THEN it passes', () => {
    expect(() => assertProfileExists('ops', ENV)).not.toThrow();
    expect(() => assertProfileExists('ci', ENV)).not.toThrow();
  });

  test('GIVEN --profile naming no profile WHEN checked THEN one screen names it, the files and the profiles there', () => {
    let error: unknown;
    try {
      assertProfileExists('prod', ENV);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AwsSetupError);
    expect((error as Error).message).toBe([
      `--profile: AWS profile "prod" not found in ${ENV.AWS_CONFIG_FILE} or ${ENV.AWS_SHARED_CREDENTIALS_FILE} (profiles there: ci, default, ops).`,
      '  Create it (`aws configure --profile prod`, or `aws configure sso`), or pass one of the profiles above.',
    ].join('\n'));
  });

  test('GIVEN no shared files WHEN a profile is checked THEN it says there are none', () => {
    expect(() => assertProfileExists('ops', { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' }))
      .toThrow('AWS profile "ops" not found in /nonexistent/config or /nonexistent/credentials (no profiles there).');
  });
});
