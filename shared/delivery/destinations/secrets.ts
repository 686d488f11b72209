import type { Clock } from '../../kernel/clock.ts';
import { describeError } from '../../kernel/errors.ts';
import { isInTenantNamespace, tenantSecretNamespace } from '../../kernel/secret-names.ts';
import { SecretConflictError, SecretMissingError, type SecretStore } from '../../kernel/secret-store.ts';
import { permanent, retryable } from './failures.ts';

/**
 * What destinations read of the secret store: a SecretString by name or ARN through its cache, null when the
 * secret does not exist; `forceFetch` skips the cache (after a credential was refused, it may have been rotated).
 */
export type SecretReader = Pick<SecretStore, 'get'>;

/** Tries of a compare-and-swap; each conflict means another writer got in between, so `change` runs again. */
const MAX_UPDATE_TRIES = 3;

/**
 * Replaces a secret's value, for credentials the vendor rotates as they are used (a refresh token): read the
 * current value and version, apply `change` (the new SecretString, or null to leave it), and write only if the
 * version still holds. On a conflict `change` sees the newer value, so it can decide again (usually: someone
 * else already stored a newer token, nothing to do).
 */
export class SecretUpdater {
  public constructor(private readonly store: Pick<SecretStore, 'read' | 'write'>) {}

  /** Resolves to whether it wrote; rejects with `SecretMissingError`, or `SecretConflictError` after 3 tries. */
  public async update(name: string, change: (current: string) => string | null): Promise<boolean> {
    for (let tries = 1; ; tries += 1) {
      const current = await this.store.read(name);
      if (current === null) throw new SecretMissingError(`secret ${name} does not exist`);
      const next = change(current.value);
      if (next === null) return false;
      try {
        await this.store.write(name, next, current.version);
        return true;
      } catch (error) {
        if (!(error instanceof SecretConflictError) || tries >= MAX_UPDATE_TRIES) throw error;
      }
    }
  }
}

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
    // The second wall: `tenants apply` refuses such a reference already.
    if (!isInTenantNamespace(reference, this.prefix, tenantId)) {
      const namespace = tenantSecretNamespace(this.prefix, tenantId);
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
