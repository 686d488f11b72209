import { SecretConflictError, SecretMissingError, type SecretStore } from '../../kernel/secret-store.ts';
import { CredentialConflictError, CredentialMissingError } from './errors.ts';
import type { CredentialStore, VersionedSecret } from './ports.ts';

/**
 * The integrations' credential secrets on the secret-store port. A missing or moved-on secret becomes the
 * sync's own error, which the child workflow treats as fatal for that tenant × system (reconnect needed) or,
 * for a conflict during a refresh, as a reason to read again.
 */
export class SecretStoreCredentials implements CredentialStore {
  public constructor(private readonly store: Pick<SecretStore, 'read' | 'write'>) {}

  /** The value and its compare-and-swap version; `CredentialMissingError` when the secret does not exist. */
  public async read(name: string): Promise<VersionedSecret> {
    const secret = await this.store.read(name);
    if (secret === null) {
      throw new CredentialMissingError(`secret ${name} does not exist; connect the integration again`);
    }
    return { value: secret.value, version: secret.version };
  }

  /** Stores a rotated value only while the secret is at `expectedVersion`; resolves to the new version. */
  public async rotate(name: string, expectedVersion: string, newValue: string): Promise<string> {
    try {
      return await this.store.write(name, newValue, expectedVersion);
    } catch (error) {
      if (error instanceof SecretConflictError) {
        throw new CredentialConflictError(`secret ${name} changed since it was read; not overwriting it`, {
          cause: error,
        });
      }
      if (error instanceof SecretMissingError) {
        throw new CredentialMissingError(`secret ${name} does not exist; connect the integration again`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
