import type { ProviderId } from './provider-ids.ts';

/** The SecretString stored for each tenant × provider: every listed secret verifies (rotation). */
export interface SigningSecrets {
  readonly signingSecrets: readonly string[];
}

/** `{prefix}/{tenantId}/webhooks/{provider}`: the one place secret names are built. */
export const signingSecretName = (prefix: string, tenantId: string, provider: ProviderId): string =>
  `${prefix}/${tenantId}/webhooks/${provider}`;

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
