import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { describeError } from '../../kernel/errors.ts';
import { SecretStoreUnavailableError } from '../../webhooks/errors.ts';
import type { SigningSecretStore } from '../../webhooks/ports.ts';
import type { ProviderId } from '../../webhooks/provider-ids.ts';
import { SigningSecretsParser, signingSecretName } from '../../webhooks/signing-secrets.ts';

export interface SecretsManagerSecretStoreOptions {
  readonly prefix: string;
  /** How long a found secret is cached (Powertools Parameters `maxAge`), in seconds. */
  readonly cacheSeconds: number;
  /** How long "no such secret" is remembered, so probes for unknown tenants cannot flood Secrets Manager. */
  readonly missingCacheSeconds?: number;
  /** Bound on remembered misses; the oldest is forgotten first. */
  readonly missingCacheSize?: number;
  readonly now?: () => number;
}

const isNotFound = (error: unknown): boolean => {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'ResourceNotFoundException') return true;
  }
  return false;
};

/** Reads `{prefix}/{tenantId}/webhooks/{provider}` through Powertools Parameters with a short cache. */
export class SecretsManagerSecretStore implements SigningSecretStore {
  private readonly missing = new Map<string, number>();
  private readonly parser = new SigningSecretsParser();
  private readonly now: () => number;

  public constructor(
    private readonly provider: SecretsProvider,
    private readonly options: SecretsManagerSecretStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  public async getSigningSecrets(
    tenantId: string,
    providerId: ProviderId,
  ): Promise<readonly string[] | null> {
    const name = signingSecretName(this.options.prefix, tenantId, providerId);
    const missingUntil = this.missing.get(name);
    if (missingUntil !== undefined && missingUntil > this.now()) return null;
    let value: unknown;
    try {
      value = await this.provider.get(name, { maxAge: this.options.cacheSeconds });
    } catch (error) {
      if (isNotFound(error)) {
        this.rememberMissing(name);
        return null;
      }
      throw new SecretStoreUnavailableError(`reading ${name} failed: ${describeError(error)}`, {
        cause: error,
      });
    }
    if (value === undefined) return null;
    try {
      // Keyed on the cached value itself: Powertools returns the same one until `maxAge` expires.
      return this.parser.parse(
        name,
        typeof value === 'string' ? value : new TextDecoder().decode(value as Uint8Array),
      );
    } catch (error) {
      throw new SecretStoreUnavailableError(describeError(error));
    }
  }

  private rememberMissing(name: string): void {
    const limit = this.options.missingCacheSize ?? 1_000;
    if (this.missing.size >= limit) this.missing.delete(this.missing.keys().next().value!);
    this.missing.set(name, this.now() + (this.options.missingCacheSeconds ?? 60) * 1000);
  }
}
