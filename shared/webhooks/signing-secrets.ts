import { describeError } from '../kernel/errors.ts';
import { type SecretStore, SecretUnavailableError } from '../kernel/secret-store.ts';
import { SecretStoreUnavailableError } from './errors.ts';
import type { SigningSecretStore } from './ports.ts';
import type { ProviderId } from './provider-ids.ts';

/** The SecretString stored for each tenant × provider: every listed secret verifies (rotation). */
export interface SigningSecrets {
  readonly signingSecrets: readonly string[];
}

/** `{prefix}/{tenantId}/webhooks/{provider}`: the one place secret names are built. */
export const signingSecretName = (prefix: string, tenantId: string, provider: ProviderId): string =>
  `${prefix}/${tenantId}/webhooks/${provider}`;

/** The SecretString of a list, in the format `parseSigningSecrets` reads (what `ops secrets` writes). */
export const signingSecretString = (secrets: readonly string[]): string =>
  JSON.stringify({ signingSecrets: secrets });

const isSigningSecrets = (value: unknown): value is SigningSecrets => {
  if (typeof value !== 'object' || value === null) return false;
  const list = (value as { signingSecrets?: unknown }).signingSecrets;
  return Array.isArray(list) && list.length > 0 && list.every((s) => typeof s === 'string' && s.length > 0);
};

/**
 * Reads a SecretString (JSON text, or an already-parsed object from a local secrets file).
 * Throws with a message naming the secret, never its value. A type guard rather than a schema library:
 * this runs in the latency-critical receiver, where one shape check does not justify a validator's load time.
 */
export const parseSigningSecrets = (name: string, value: unknown): readonly string[] => {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      throw new Error(`secret ${name} is not JSON of the form {"signingSecrets": [...]}`);
    }
  }
  if (!isSigningSecrets(candidate)) {
    throw new Error(`secret ${name} must be {"signingSecrets": ["<current>", ...]} with at least one secret`);
  }
  return candidate.signingSecrets;
};

/**
 * Parses each secret once per stored value rather than once per request: a store hands back the same cached
 * SecretString until its cache expires, so the last parse per name is kept and reused while the value is
 * unchanged. Bounded, oldest name first, so probing many tenants cannot grow it without limit.
 */
export class SigningSecretsParser {
  private readonly parsed = new Map<string, { readonly raw: unknown; readonly secrets: readonly string[] }>();

  public constructor(private readonly maxNames = 10_000) {}

  public parse(name: string, raw: unknown): readonly string[] {
    const hit = this.parsed.get(name);
    if (hit !== undefined && hit.raw === raw) return hit.secrets;
    const secrets = parseSigningSecrets(name, raw);
    if (hit === undefined && this.parsed.size >= this.maxNames)
      this.parsed.delete(this.parsed.keys().next().value!);
    this.parsed.set(name, { raw, secrets });
    return secrets;
  }
}

export interface SigningSecretLookupOptions {
  readonly prefix: string;
  /**
   * How long "no such secret" is remembered, in seconds, so probes for unknown tenants cannot flood the store;
   * 0 turns it off (local mode, where a secret added by hand must be seen at once).
   */
  readonly missingCacheSeconds?: number;
  /** Bound on remembered misses; the oldest is forgotten first. */
  readonly missingCacheSize?: number;
  readonly now?: () => number;
}

/**
 * The receiver's signing secrets on the secret-store port: `{prefix}/{tenantId}/webhooks/{provider}` through the
 * store's cached read, misses remembered for a while, each stored value parsed once. Any store failure, and a
 * malformed value (a configuration fault, not the caller's), is `SecretStoreUnavailableError`: the provider
 * gets a 503 and retries.
 */
export class SigningSecretLookup implements SigningSecretStore {
  private readonly missing = new Map<string, number>();
  private readonly parser = new SigningSecretsParser();
  private readonly missingMs: number;
  private readonly missingCacheSize: number;
  private readonly now: () => number;

  public constructor(
    private readonly store: Pick<SecretStore, 'get'>,
    private readonly options: SigningSecretLookupOptions,
  ) {
    this.missingMs = (options.missingCacheSeconds ?? 60) * 1000;
    this.missingCacheSize = options.missingCacheSize ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  public async getSigningSecrets(tenantId: string, provider: ProviderId): Promise<readonly string[] | null> {
    const name = signingSecretName(this.options.prefix, tenantId, provider);
    const missingUntil = this.missing.get(name);
    if (missingUntil !== undefined && missingUntil > this.now()) return null;
    let value: string | null;
    try {
      value = await this.store.get(name);
    } catch (error) {
      const detail = error instanceof SecretUnavailableError ? error.message : describeError(error);
      throw new SecretStoreUnavailableError(detail, { cause: error });
    }
    if (value === null) {
      this.rememberMissing(name);
      return null;
    }
    try {
      // Keyed on the value itself: a store hands back the same one until its cache expires.
      return this.parser.parse(name, value);
    } catch (error) {
      throw new SecretStoreUnavailableError(describeError(error));
    }
  }

  private rememberMissing(name: string): void {
    if (this.missingMs <= 0) return;
    this.missing.delete(name);
    if (this.missing.size >= this.missingCacheSize) this.missing.delete(this.missing.keys().next().value!);
    this.missing.set(name, this.now() + this.missingMs);
  }
}
