import type { Clock } from '../../kernel/clock.ts';
import { describeError } from '../../kernel/errors.ts';
import { permanent, retryable } from './failures.ts';

/**
 * Reads a SecretString by name or ARN. Resolves to null when the secret does not exist; rejects when the store
 * cannot be read. `forceFetch` skips any cache (after a credential was refused, it may have been rotated).
 */
export interface SecretReader {
  get(name: string, options?: { readonly forceFetch?: boolean }): Promise<string | null>;
}

/**
 * Replaces a secret's value, for credentials the vendor rotates as they are used (a refresh token). `change`
 * gets the current SecretString and returns the new one, or null to leave it; implementations apply it
 * atomically against concurrent writers (compare-and-swap on the version read). Resolves to whether it wrote.
 */
export interface SecretUpdater {
  update(name: string, change: (current: string) => string | null): Promise<boolean>;
}

/** The secret's name, from a name or an ARN (`arn:…:secret:<name>-<suffix>`); the suffix is kept, harmlessly. */
export const secretNameOf = (reference: string): string => {
  const marker = reference.startsWith('arn:') ? reference.indexOf(':secret:') : -1;
  return marker === -1 ? reference : reference.slice(marker + ':secret:'.length);
};

/**
 * The fields of a JSON SecretString, or null when it is not a JSON object (a plain token or key).
 * Never echoes the value: parse errors are swallowed, not reported.
 */
export const secretFields = (value: string): Record<string, unknown> | null => {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
};

/** The first non-empty string among `names` in a JSON SecretString, or the whole value when it is not JSON. */
export const secretValue = (value: string, names: readonly string[]): string | null => {
  const fields = secretFields(value);
  if (fields === null) return value.trim() === '' ? null : value.trim();
  for (const name of names) {
    const field = fields[name];
    if (typeof field === 'string' && field !== '') return field;
  }
  return null;
};

/**
 * Secrets a tenant's configuration points at. A reference must lie under `{prefix}/{tenantId}/`: tenant files
 * name secrets freely, and without this one tenant's route could sign with, or post through, another tenant's
 * credentials (or the platform's own). Missing or foreign → permanent; an unreadable store → retryable.
 */
export class TenantSecrets {
  public constructor(
    private readonly reader: SecretReader,
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {}

  /** The SecretString of a tenant's secret; throws a classified `OperationError` when it cannot be had. */
  public async read(tenantId: string, reference: string, forceFetch = false): Promise<string> {
    const namespace = `${this.prefix}/${tenantId}/`;
    if (!secretNameOf(reference).startsWith(namespace)) {
      throw permanent('invalid_request', `secret ${reference} is outside ${namespace}`, this.clock());
    }
    return readSecret(this.reader, reference, this.clock, forceFetch);
  }
}

/** A secret by exact name (platform secrets such as the secondary email key); classified failures. */
export const readSecret = async (
  reader: SecretReader,
  name: string,
  clock: Clock,
  forceFetch = false,
): Promise<string> => {
  let value: string | null;
  try {
    value = await reader.get(name, { forceFetch });
  } catch (error) {
    const message = `secret store unavailable for ${name}: ${describeError(error)}`;
    throw retryable('connection_error', message, clock(), undefined, error);
  }
  if (value === null) throw permanent('invalid_request', `secret ${name} does not exist`, clock());
  return value;
};
