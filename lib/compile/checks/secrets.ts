/**
 * Secret literals in a spec. A secret never belongs in a spec (it would sit in the template, the
 * definition or a function's environment): a task declares `secrets:` references and reads the
 * values at run time. No prefix (`ssm:`, `secretsmanager:`, ...) makes a literal safe.
 */

/** A detector: the kind of secret it finds and how (`key`: the name the value is stored under). */
interface Detector {
  readonly kind: string;
  readonly test: (value: string, key: string) => boolean;
}

const re = (kind: string, pattern: RegExp): Detector => ({ kind, test: (v) => pattern.test(v) });

/**
 * Public material that looks random but is published on purpose: a PEM certificate or public key,
 * an SSH public key (`ssh-ed25519 AAAA...`), a Subresource Integrity hash (`sha384-...`). Removed
 * before the shape detectors run, so their base64 is not taken for a secret; a private key is not
 * public material and stays.
 */
const PUBLIC_MATERIAL: readonly RegExp[] = [
  /-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST|PGP PUBLIC KEY BLOCK)-----[\s\S]*?-----END \1-----/g,
  /(?<![A-Za-z0-9-])(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/]+={0,3}/g,
  /(?<![A-Za-z0-9])sha(256|384|512)-[A-Za-z0-9+/]{43,86}={0,2}(?![A-Za-z0-9+/=])/g,
];

/** The value without its public material (see {@link PUBLIC_MATERIAL}). */
function withoutPublicMaterial(v: string): string {
  let out = v;
  for (const p of PUBLIC_MATERIAL) out = out.replace(p, ' ');
  return out;
}

/** Names under which a 40-hex value is a digest, not a token (a commit, a checksum, an ETag). */
const DIGEST_NAME = /(sha1?|hash|digest|commit|revision|rev|checksum|etag|fingerprint|version|ref)$/i;

/** Value shapes that are secrets whatever key they sit under (most specific first). */
const DETECTORS: readonly Detector[] = [
  re('a private key', /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/),
  re('an AWS access key id', /(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Z0-9])/),
  re('a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/),
  re('a GitLab token', /\bgl(pat|dt|rt|ptt|oas)-[A-Za-z0-9_-]{16,}/),
  re('a Slack token', /\bxox[abposre]-[A-Za-z0-9-]{8,}/),
  // Rule "slack-app-token" of gitleaks (MIT, https://github.com/gitleaks/gitleaks, cmd/generate/config/rules/slack.go).
  re('a Slack app-level token', /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/i),
  re('a Slack webhook URL', /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9_/-]{8,}/i),
  re('a Discord webhook URL', /discord(app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{8,}/i),
  re('a Microsoft Teams webhook URL', /\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@_-]{8,}/i),
  re('a Stripe key', /\b(sk|rk)_(live|test)_[A-Za-z0-9]{10,}|\bwhsec_[A-Za-z0-9]{16,}/),
  re('a Google API key', /\bAIza[0-9A-Za-z_-]{30,}/),
  re('an npm token', /\bnpm_[A-Za-z0-9]{30,}/),
  re('a PyPI token', /\bpypi-[A-Za-z0-9_-]{40,}/),
  re('an API key (sk-...)', /(?<![A-Za-z0-9])sk-(proj-|ant-|live-)?[A-Za-z0-9_-]{20,}/),
  re('a SendGrid key', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/),
  re('a Twilio key', /\bSK[0-9a-f]{32}\b/),
  re('a Mailgun key', /\bkey-[0-9a-f]{32}\b/),
  re('a Shopify token', /\bshp(at|ca|pa|ss)_[a-fA-F0-9]{32}/),
  re('a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/),
  re('a bearer token', /\bbearer\s+[A-Za-z0-9._~+/-]{12,}=*/i),
  { kind: 'a basic-auth credential', test: basicAuth },
  { kind: 'a password in a URL', test: urlPassword },
  re('a credential in a URL query', /[?&](access_token|refresh_token|id_token|token|api_?key|apikey|secret|client_secret|password|passwd|pwd|auth|sig|signature|x-amz-signature|x-amz-credential)=(?!\$\{)[^&#\s]{8,}/i),
  re('a password in a connection string', /(^|[;\s,])(password|pwd|passwd|accountkey|sharedaccesskey|sharedsecret)\s*=\s*(?![$]\{|;|$)[^;\s'"]{1,}/i),
  re('a password on a command line', /(^|\s)--?(password|passwd|pass|pwd|token|secret|api[-_]?key|access[-_]?key|secret[-_]?key|client[-_]?secret|auth[-_]?token)(=|\s+)(?![$]\{|[$][A-Za-z_]|<|\s|$)\S+/i),
  re('a CloudFormation dynamic reference (it resolves the secret value into the environment)', /\{\{resolve:(ssm-secure|secretsmanager):/),
  { kind: 'an AWS secret access key', test: awsSecretKey },
  { kind: 'a 40-hex token', test: (v, key) => !DIGEST_NAME.test(key.replace(/[^A-Za-z0-9]/g, '')) && /(?<![0-9a-fA-F])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{40}(?![0-9a-fA-F])/.test(v) },
  { kind: 'a high-entropy string', test: highEntropy },
];

/**
 * Why a value looks like a secret, or undefined. `key` is the name it is stored under (an
 * environment variable name, or the spec field), used for names that say "secret".
 */
export function secretLooking(key: string, value: string): string | undefined {
  const v = withoutPublicMaterial(value);
  for (const d of DETECTORS) if (d.test(v, key)) return d.kind;
  if (isSecretName(key) && !isHarmlessValue(v)) return `a literal value for "${key}"`;
  return undefined;
}

/** One secret-looking string found in a spec: where (`tasks[2].environment.DB_URL`) and what kind. */
export interface SecretFinding {
  readonly taskId?: string;
  readonly field: string;
  readonly kind: string;
}

/** Fields that are dagstep's own bookkeeping, not spec text. */
const SKIPPED = new Set(['source', 'baseDir']);
/** Task fields that are not spec values to scan (the acknowledgements' own reasons). */
const SKIPPED_TASK_FIELDS = new Set(['acknowledgeSecrets']);
/** Keys that tag a value's type (DynamoDB `{S: ...}`, `{Value: ...}`): the value is named by the key above. */
const TYPE_TAGS = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'Value', 'value', 'StringValue', 'stringValue']);
/** A command-line flag that takes a secret as the next argument (`["--password", "..."]`). */
const SECRET_FLAG = /^--?(password|passwd|pass|pwd|token|secret|api[-_]?key|access[-_]?key|secret[-_]?key|client[-_]?secret|auth[-_]?token)$/i;
/** `container.secrets` values: references by name (`ssm:/prod/db`, `secretsmanager:prod/db:password`), never values. */
const CONTAINER_SECRET_FIELD = /^container\.secrets\.[^.]+$/;
const SECRET_REFERENCE = /^(ssm:\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*|secretsmanager:[A-Za-z0-9/_+=.@-]+(:[A-Za-z0-9_.-]+)?)$/;

/** The name a child value is stored under: its key, the key above a type tag, or the `Name` beside a `Value`. */
function nameOf(parent: Record<string, unknown>, k: string, parentKey: string): string {
  if (!TYPE_TAGS.has(k)) return k;
  const named = parent.Name ?? parent.name;
  return typeof named === 'string' ? named : parentKey;
}

/**
 * Every string of a model or raw spec (descriptions, environment, retry error names, map paths,
 * item readers, secrets references, ...), walked without recursion, checked by {@link secretLooking}.
 */
export function findSecrets(spec: unknown): SecretFinding[] {
  const out: SecretFinding[] = [];
  const seen = new Set<object>();
  const stack: { value: unknown; key: string; field: string; taskId?: string; depth: number }[] = [{ value: spec, key: '', field: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, key, field, taskId, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (CONTAINER_SECRET_FIELD.test(field) && SECRET_REFERENCE.test(value)) continue;
      const kind = secretLooking(key, value);
      if (kind) out.push({ ...(taskId !== undefined ? { taskId } : {}), field: field || '(top level)', kind });
      continue;
    }
    if (value === null || typeof value !== 'object' || depth > 64 || seen.has(value)) continue;
    seen.add(value);
    const children: { value: unknown; key: string; field: string; taskId?: string }[] = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const isTask = field === 'tasks' && depth === 1;
        const id = isTask && v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined;
        const flag = i > 0 && typeof value[i - 1] === 'string' ? SECRET_FLAG.exec(value[i - 1] as string) : null;
        children.push({ value: v, key: flag ? flag[1] : key, field: isTask ? '' : `${field}[${i}]`, taskId: isTask ? (id ?? `tasks[${i}]`) : taskId });
      });
    } else {
      const isTask = depth === 2 && taskId !== undefined && field === '';
      for (const k of Object.keys(value)) {
        if ((depth === 0 && SKIPPED.has(k)) || (isTask && SKIPPED_TASK_FIELDS.has(k))) continue;
        children.push({ value: (value as Record<string, unknown>)[k], key: nameOf(value as Record<string, unknown>, k, key), field: field ? `${field}.${k}` : k, taskId });
      }
    }
    for (const c of children.reverse()) stack.push({ ...c, depth: depth + 1 });
  }
  return out;
}

/** Words that make a name secret-sounding (matched on the name split into words). */
const SECRET_WORDS = /^(.*(passwords?|passwd|passphrase|secrets?|tokens?|apikeys?|credentials?|creds|privatekey|pwd)|(db|my|sql|redis|admin|user|root|smtp|mail|ftp|ldap|pg|mysql)?pass|dsn|authorization|auth|cookie|sessionid|signature)$/;
/** Words before `key` that make it a secret key (api key, private key...), not an S3 or cache key. */
const KEY_QUALIFIERS = /^(api|access|private|secret|signing|encryption|session|master|client|license|licence|app|auth|hmac|jwt|shared|account|subscription|service|webhook|consumer|write|admin|root)$/;
/** Last words that make a secret-sounding name a setting about the secret, not the secret. */
const NON_SECRET_SUFFIX = /^(ttl|expiry|expires|expiration|timeout|seconds|secs|minutes|mins|hours|days|ms|length|len|size|count|max|min|enabled|disabled|enable|disable|mode|type|header|endpoint|url|uri|host|hostname|port|region|algorithm|alg|version|format|policy|rotation|arn|name|id|path|param|parameter|ref|file|location|provider|issuer|audience|scope|scopes|field|prefix|env|var|table|bucket|queue|topic|manager|store|keyid|domain|server|service|method|methods|strategy|realm|tenant|user|username|email|level|group|role|mechanism)$/;
/** First words that make a secret-sounding name a quantity (`MAX_TOKENS`). */
const QUANTITY_PREFIX = /^(max|min|num|number|count|limit|total|n)$/;
/** English words ending in "pass" that say nothing about passwords. */
const NOT_PASS = /^(by|com|sur|tres|over|under|multi|single|one|two|first|second|hi|lo|band|high|low)pass$/;

/** True for names like DB_PASSWORD, apiKey, GITHUB_TOKEN, DBPASS, client-secret. */
export function isSecretName(key: string): boolean {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  if (words.length === 0) return false;
  if (NON_SECRET_SUFFIX.test(words[words.length - 1]) && words.length > 1) return false;
  // MAX_TOKENS, NUM_SECRETS: a quantity of secrets, not one.
  if (QUANTITY_PREFIX.test(words[0]) && words.length > 1) return false;
  return words.some((w, i) => (SECRET_WORDS.test(w) && !NOT_PASS.test(w) && !/^tokeni[sz]/.test(w))
    || (w === 'key' && i > 0 && KEY_QUALIFIERS.test(words[i - 1]))
    || /^(api|access|private|secret|signing|encryption|master|client|hmac)keys?$/.test(w)
    || (w === 'string' && i > 0 && /^(conn|connection)$/.test(words[i - 1])));
}

/** Values that carry no secret even under a secret-sounding name: empty, flags, placeholders, ARNs. */
function isHarmlessValue(v: string): boolean {
  const s = v.trim();
  return s === ''
    || /^(true|false|yes|no|on|off|enabled|disabled|none|null|required|optional)$/i.test(s)
    || /^\$\{[A-Za-z_][A-Za-z0-9_.:-]*\}$/.test(s)
    || /^arn:aws[a-z-]*:(secretsmanager|ssm|kms):[a-z0-9-]+:\d{12}:(secret:|parameter\/|key\/|alias\/)[A-Za-z0-9/_+=.@-]+$/.test(s);
}

function basicAuth(v: string): boolean {
  const m = /\bbasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/i.exec(v);
  if (!m) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}

function urlPassword(v: string): boolean {
  const m = /\b[a-z][a-z0-9+.-]*:\/\/([^/\s:@?#]*):([^/\s@?#]+)@/i.exec(v);
  if (!m) return false;
  const pw = m[2];
  return !/^(\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]+\}\}|<[^>]+>|\*+|x+|%s)$/i.test(pw);
}

function awsSecretKey(v: string): boolean {
  const re40 = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
  for (const m of v.matchAll(re40)) {
    const s = m[0];
    if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s) && (s.match(/\//g) ?? []).length <= 3 && !s.startsWith('/') && entropyBitsPerChar(s) > 4.2) return true;
  }
  return false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function highEntropy(v: string): boolean {
  for (const s of v.split(/[\s"'`,;()[\]{}<>|]+/)) {
    if (s.length < 32 || !/^[A-Za-z0-9+/=_-]+$/.test(s) || UUID.test(s) || /^[0-9a-f-]+$/i.test(s)) continue;
    if (!/[a-z]/.test(s) || !/[A-Z]/.test(s) || (s.match(/[0-9]/g) ?? []).length < 2) continue;
    if (entropyBitsPerChar(s) > 4.5) return true;
  }
  return false;
}

/** Shannon entropy of a string, in bits per character. */
export function entropyBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
