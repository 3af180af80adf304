import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsSetupError } from './errors';

/** The shared config and credentials files the AWS SDK reads (their environment overrides first). */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return {
    config: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

/** Profile names defined in the shared files: `[profile x]` / `[default]` in config, `[x]` in credentials. */
export function knownProfiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const files = sharedFiles(env);
  const names = new Set<string>();
  const sections = (file: string) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    return [...text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)].map((m) => m[1]);
  };
  for (const s of sections(files.config)) {
    if (s === 'default') names.add(s);
    else if (/^profile\s+/.test(s)) names.add(s.replace(/^profile\s+/, ''));
  }
  for (const s of sections(files.credentials)) names.add(s);
  return [...names].sort();
}

/**
 * Fails with one screen when `--profile` names a profile the shared files do not define: the SDK
 * would otherwise report it as a missing region or unreadable credentials, without the name.
 */
export function assertProfileExists(profile: string, env: NodeJS.ProcessEnv = process.env): void {
  const known = knownProfiles(env);
  if (known.includes(profile)) return;
  const files = sharedFiles(env);
  throw new AwsSetupError('credentials', {
    file: '--profile',
    message: [
      `AWS profile "${profile}" not found in ${files.config} or ${files.credentials}` +
        ` (${known.length > 0 ? `profiles there: ${known.join(', ')}` : 'no profiles there'}).`,
      `  Create it (\`aws configure --profile ${profile}\`, or \`aws configure sso\`), or pass one of the profiles above.`,
    ].join('\n'),
  });
}
