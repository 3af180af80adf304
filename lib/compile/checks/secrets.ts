/** Why a value looks like a secret, or undefined. References (SSM, Secrets Manager) are fine. */
export function secretLooking(key: string, value: string): string | undefined {
  if (/^(ssm:|secretsmanager:|arn:aws[a-z-]*:(ssm|secretsmanager):|\{\{resolve:(ssm|ssm-secure|secretsmanager):)/.test(value)) {
    return undefined;
  }
  if (/AKIA[0-9A-Z]{16}/.test(value)) return 'an AWS access key id';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return 'a private key';
  if (/^(ghp_|gho_|github_pat_|xox[abpr]-|sk_live_|sk-[A-Za-z0-9]{20,})/.test(value)) return 'an API token';
  if (/(secret|passw(or)?d|pwd|token|api[_-]?key|private[_-]?key|credential)/i.test(key) && value.length > 0) {
    return `a literal value for "${key}"`;
  }
  if (value.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(value) && entropyBitsPerChar(value) > 4.2) {
    return 'a high-entropy string';
  }
  return undefined;
}

function entropyBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
