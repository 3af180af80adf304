import type { Command } from 'commander';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { assertProfileExists } from './profiles';

/** `--region` and `--profile`, shared by every command that calls AWS. */
export interface AwsOptions {
  readonly region?: string;
  readonly profile?: string;
}

/**
 * Silences the SDK's "NodeVersionSupportWarning" (printed by every v3 client constructor on Node
 * < 22 unless AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED is "true"): it is noise for a CLI
 * user. Called before any client is created.
 */
export function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/**
 * The configuration of an AWS SDK client from the command's options: `--region` wins, then
 * `regionHint` (the region of an ARN the user gave), then the SDK's own chain (AWS_REGION, the
 * profile's region). `--profile` selects credentials and config like AWS_PROFILE; a profile the
 * shared files do not define is an AwsSetupError naming it.
 */
export function clientConfig(o: AwsOptions, regionHint?: string): { region?: string; profile?: string } {
  quietSdk();
  if (o.profile) assertProfileExists(o.profile);
  const region = o.region ?? regionHint;
  return { ...(region ? { region } : {}), ...(o.profile ? { profile: o.profile } : {}) };
}

/** Adds `--region` and `--profile` to a command. */
export function withAwsOptions(cmd: Command): Command {
  return cmd
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile\'s region)')
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: AWS_PROFILE)');
}

/** The AWS clients the operations commands use, configured from `--region` / `--profile`. */
export interface AwsClients {
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
  readonly cfn: CloudFormationClient;
  readonly ssm: SSMClient;
}

/** One client of each service, created on first use (so a command pays only for what it calls). */
export function awsClients(o: AwsOptions, regionHint?: string): AwsClients {
  const config = clientConfig(o, regionHint);
  const made = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as T;
  };
  return {
    get sfn() { return once('sfn', () => new SFNClient(config)); },
    get sqs() { return once('sqs', () => new SQSClient(config)); },
    get cfn() { return once('cfn', () => new CloudFormationClient(config)); },
    get ssm() { return once('ssm', () => new SSMClient(config)); },
  };
}
