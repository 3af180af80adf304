import { Command } from 'commander';
import { awsClients, clientConfig, quietSdk, withAwsOptions } from '../../../../lib/cli/private/aws/clients';
import { useFixtureAwsProfiles } from '../../../support/aws-profiles';

describe('aws clients', () => {
  useFixtureAwsProfiles();
  const saved = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = saved;
  });

  test('--region wins over the ARN region; --profile is passed on; nothing is set when nothing is given', () => {
    expect(clientConfig({ region: 'eu-west-1', profile: 'ops' }, 'us-east-1')).toStrictEqual({ region: 'eu-west-1', profile: 'ops' });
    expect(clientConfig({}, 'us-east-1')).toStrictEqual({ region: 'us-east-1' });
    expect(clientConfig({})).toStrictEqual({});
  });

  test('the SDK Node-version warning is switched off before any client is made', async () => {
    // GIVEN
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    // WHEN
    quietSdk();
    // THEN
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
  });

  test('clients get the region and profile, and are made once', async () => {
    const c = awsClients({ region: 'eu-west-1', profile: 'ops' });
    expect(c.sfn).toBe(c.sfn);
    expect([await c.sqs.config.region(), c.ssm.config.profile]).toStrictEqual(['eu-west-1', 'ops']);
  });

  test('withAwsOptions adds --region and --profile', () => {
    const cmd = withAwsOptions(new Command('x'));
    expect(cmd.options.map((o) => o.long)).toStrictEqual(['--region', '--profile']);
  });
});
