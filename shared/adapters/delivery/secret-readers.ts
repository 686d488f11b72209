import { readFileSync, statSync } from 'node:fs';
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretReader } from '../../delivery/destinations/secrets.ts';

const isNotFound = (error: unknown): boolean => {
  for (let link: unknown = error; link instanceof Error; link = link.cause) {
    if (link.name === 'ResourceNotFoundException') return true;
  }
  return false;
};

const asText = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return JSON.stringify(value);
};

/** Secrets Manager through Powertools Parameters, cached for `cacheSeconds` (a refresh forces a fetch). */
export class PowertoolsSecretReader implements SecretReader {
  public constructor(
    private readonly provider: SecretsProvider,
    private readonly cacheSeconds: number,
  ) {}

  public async get(name: string, options: { readonly forceFetch?: boolean } = {}): Promise<string | null> {
    try {
      const value = await this.provider.get(name, {
        maxAge: this.cacheSeconds,
        forceFetch: options.forceFetch ?? false,
      });
      return asText(value);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

/**
 * Local mode's secrets: a JSON file `{ "<secret name>": "<SecretString>" }` (an object value is accepted and
 * handed out as its JSON). Re-read when it changes, so secrets can be edited while the platform runs.
 */
export class FileSecretReader implements SecretReader {
  private cache: { mtimeMs: number; entries: Record<string, unknown> } | null = null;

  public constructor(private readonly path: string) {}

  public async get(name: string): Promise<string | null> {
    const entries = this.load();
    return Object.hasOwn(entries, name) ? asText(entries[name]) : null;
  }

  private load(): Record<string, unknown> {
    const { mtimeMs } = statSync(this.path);
    if (this.cache?.mtimeMs !== mtimeMs) {
      const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`${this.path} must be a JSON object mapping secret names to SecretStrings`);
      }
      this.cache = { mtimeMs, entries: parsed as Record<string, unknown> };
    }
    return this.cache.entries;
  }
}
