import { createHash, randomBytes } from 'node:crypto';
import type { ProviderId } from '../../webhooks/provider-ids.ts';

/**
 * Pure rules of `ops secrets`: how a tenant × provider's signing-secret list (current first, then previous
 * ones) changes on put, rotate and retire, how new secrets are generated, and how secrets are shown without
 * their values (fingerprints).
 */

/** Most secrets kept valid at once; a rotation beyond this drops the oldest. */
export const MAX_SIGNING_SECRETS = 3;

/** Refused change: the message says why and what to do instead (never a secret value). */
export class SecretPlanError extends Error {
  public override readonly name = 'SecretPlanError';
}

/** First 8 hex characters of the secret's SHA-256: enough to tell secrets apart, useless to recover one. */
export const fingerprint = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 8);

export type SecretChangeAction = 'put' | 'rotate' | 'retire';

export interface SecretChange {
  readonly action: SecretChangeAction;
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Secrets in `before` that are no longer valid after the change. */
  readonly dropped: readonly string[];
  /** Things the operator should know (e.g. the oldest secret was dropped to respect the cap). */
  readonly warnings: readonly string[];
}

/** `put`: the first secret of a tenant × provider; refused when one exists. */
export const planPut = (existing: readonly string[] | null, secret: string): SecretChange => {
  if (existing !== null) {
    throw new SecretPlanError(
      `a signing secret already exists (${existing.length} listed); use "secrets rotate" to add a new current one`,
    );
  }
  return { action: 'put', before: [], after: [secret], dropped: [], warnings: [] };
};

/** `rotate`: the new secret becomes current; previous ones stay valid up to `max` in total, oldest dropped. */
export const planRotate = (
  existing: readonly string[] | null,
  secret: string,
  max: number = MAX_SIGNING_SECRETS,
): SecretChange => {
  if (!Number.isInteger(max) || max < 2)
    throw new SecretPlanError('the cap must be an integer of at least 2');
  if (existing === null) throw new SecretPlanError('no signing secret exists yet; use "secrets put" first');
  if (existing.includes(secret)) {
    throw new SecretPlanError(`the new secret is already listed (fingerprint ${fingerprint(secret)})`);
  }
  const all = [secret, ...existing];
  const after = all.slice(0, max);
  const dropped = all.slice(max);
  const warnings =
    dropped.length > 0
      ? [
          `at most ${max} secrets are kept: ${dropped.length} oldest (${dropped.map(fingerprint).join(', ')}) ` +
            'will no longer verify',
        ]
      : [];
  return { action: 'rotate', before: existing, after, dropped, warnings };
};

/** `retire`: only the current secret stays valid (run once the provider signs with it). */
export const planRetire = (existing: readonly string[] | null): SecretChange => {
  if (existing === null) throw new SecretPlanError('no signing secret exists; nothing to retire');
  const [current, ...previous] = existing;
  if (current === undefined || previous.length === 0) {
    throw new SecretPlanError('only the current secret is listed; nothing to retire');
  }
  return { action: 'retire', before: existing, after: [current], dropped: previous, warnings: [] };
};

/** Providers that issue the signing secret themselves: a generated one would never match what they sign with. */
export const PROVIDER_ISSUED: ReadonlySet<ProviderId> = new Set<ProviderId>([
  'stripe',
  'slack',
  'shopify',
  'line',
  'lineworks',
  'twilio',
]);

export type RandomBytes = (size: number) => Buffer;

/**
 * A new secret in the provider's format: `standard` → `whsec_<base64 of 32 bytes>` (Standard Webhooks),
 * `msgraph` → a random `clientState` (base64url, within Graph's 128-character limit), `generic`/`github` →
 * 32 random bytes as hex. Refused for providers that issue their own secret (read it from stdin instead).
 */
export const generateSigningSecret = (provider: ProviderId, random: RandomBytes = randomBytes): string => {
  if (PROVIDER_ISSUED.has(provider)) {
    throw new SecretPlanError(
      `${provider} issues its signing secret itself; copy it from ${provider} and pass it with --from-stdin`,
    );
  }
  switch (provider) {
    case 'standard':
      return `whsec_${random(32).toString('base64')}`;
    case 'msgraph':
      return `tsunagi-graph-client-state-${random(32).toString('base64url')}`;
    default:
      return random(32).toString('hex');
  }
};

/**
 * Checks a secret read from standard input (surrounding whitespace, e.g. the trailing newline of `echo`, is
 * removed first). Messages never contain the value.
 */
export const normalizeSecretInput = (provider: ProviderId, raw: string): string => {
  const secret = raw.trim();
  if (secret.length === 0) throw new SecretPlanError('standard input was empty; expected one secret');
  if (/\s/.test(secret)) {
    throw new SecretPlanError('standard input must hold exactly one secret, without spaces or line breaks');
  }
  if (secret.length > 1024) throw new SecretPlanError('the secret is longer than 1024 characters');
  if ((provider === 'stripe' || provider === 'standard') && !secret.startsWith('whsec_')) {
    throw new SecretPlanError(`${provider} signing secrets start with "whsec_"`);
  }
  if (provider === 'msgraph' && secret.length > 128) {
    throw new SecretPlanError('a Microsoft Graph clientState is at most 128 characters');
  }
  return secret;
};

export interface SecretListSummary {
  readonly count: number;
  /** Current first. */
  readonly fingerprints: readonly string[];
}

export const summarize = (secrets: readonly string[]): SecretListSummary => ({
  count: secrets.length,
  fingerprints: secrets.map(fingerprint),
});

/** The change as counts and fingerprints only: what `--dry-run`, confirmation and `--json` show. */
export const describeChange = (change: SecretChange) => ({
  action: change.action,
  before: summarize(change.before),
  after: summarize(change.after),
  dropped: change.dropped.map(fingerprint),
  warnings: change.warnings,
});

/** One line per secret: `current  1a2b3c4d` / `previous 5e6f7a8b`. */
export const renderSecretList = (secrets: readonly string[]): string =>
  secrets.length === 0
    ? '  (none)'
    : secrets.map((s, i) => `  ${i === 0 ? 'current ' : 'previous'}  ${fingerprint(s)}`).join('\n');
