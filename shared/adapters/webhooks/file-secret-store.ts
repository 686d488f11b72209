import { readFileSync, statSync } from 'node:fs';
import { describeError } from '../../kernel/errors.ts';
import { SecretStoreUnavailableError } from '../../webhooks/errors.ts';
import type { SigningSecretStore } from '../../webhooks/ports.ts';
import type { ProviderId } from '../../webhooks/provider-ids.ts';
import { SigningSecretsParser, signingSecretName } from '../../webhooks/signing-secrets.ts';

/**
 * Local mode's secret store: a JSON file `{ "<secret name>": "<SecretString>" }` (an object value is accepted
 * too). The file is re-read when it changes, so secrets can be edited while the platform runs.
 */
export class FileSecretStore implements SigningSecretStore {
  private cache: { mtimeMs: number; checkedAt: number; entries: Record<string, unknown> } | null = null;
  private readonly parser = new SigningSecretsParser();

  public constructor(
    private readonly path: string,
    private readonly prefix: string,
    /** How often the file's mtime is checked; edits show up within this many milliseconds. */
    private readonly recheckMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  public async getSigningSecrets(tenantId: string, provider: ProviderId): Promise<readonly string[] | null> {
    const name = signingSecretName(this.prefix, tenantId, provider);
    const entries = this.load();
    if (!Object.hasOwn(entries, name)) return null;
    try {
      return this.parser.parse(name, entries[name]);
    } catch (error) {
      throw new SecretStoreUnavailableError(describeError(error));
    }
  }

  private load(): Record<string, unknown> {
    const now = this.now();
    if (this.cache && now - this.cache.checkedAt < this.recheckMs) return this.cache.entries;
    try {
      const { mtimeMs } = statSync(this.path);
      if (this.cache?.mtimeMs !== mtimeMs) {
        const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          throw new Error('expected a JSON object mapping secret names to SecretStrings');
        }
        this.cache = { mtimeMs, checkedAt: now, entries: parsed as Record<string, unknown> };
      }
      this.cache.checkedAt = now;
      return this.cache.entries;
    } catch (error) {
      throw new SecretStoreUnavailableError(`secrets file ${this.path}: ${describeError(error)}`, {
        cause: error,
      });
    }
  }
}
