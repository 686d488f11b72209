/**
 * The one secret-store port. Every secret of the platform is a SecretString under a name (Secrets Manager in AWS,
 * the local secrets file on a laptop); what a feature makes of the value (signing-secret lists, chat tokens,
 * vendor credentials) stays in the feature. Two reads, because hot paths want a cached value while a
 * compare-and-swap needs the store's current version; one write, always compare-and-swap.
 */

/** A secret as the store holds it at the moment of reading. */
export interface StoredSecret {
  /** The SecretString: JSON for the platform's own secrets, a plain token or key is allowed too. */
  readonly value: string;
  /** What `write` compares against: Secrets Manager's VersionId, a hash of the value in the local file. */
  readonly version: string;
  /** When the value last changed, when the store knows (the current version's creation, the file's mtime). */
  readonly lastChanged: Date | null;
}

/** How `get` may answer. */
export interface SecretGetOptions {
  /** Ask the store itself even when a cached value is fresh (a credential was refused: it may have been rotated). */
  readonly forceFetch?: boolean;
}

/** Extras of a write. */
export interface SecretWriteOptions {
  /** Shown next to a newly created secret (Secrets Manager's Description); ignored when replacing. */
  readonly description?: string;
}

/** Every method rejects with `SecretUnavailableError` when the store cannot be read or written. */
export interface SecretStore {
  /** The value, possibly from the store's short cache (for hot paths); null when the secret does not exist. */
  get(name: string, options?: SecretGetOptions): Promise<string | null>;
  /** The current value and its version, from the store itself; null when the secret does not exist. */
  read(name: string): Promise<StoredSecret | null>;
  /**
   * Compare-and-swap. `expectedVersion` null creates the secret (`SecretExistsError` when it exists); a version
   * replaces the value only while the secret is still at it (`SecretMissingError` when it is gone,
   * `SecretConflictError` when another writer got in between). Resolves to the new version.
   */
  write(
    name: string,
    value: string,
    expectedVersion: string | null,
    options?: SecretWriteOptions,
  ): Promise<string>;
}

/** A create found the secret already there. */
export class SecretExistsError extends Error {
  public override readonly name = 'SecretExistsError';
}

/** A replace found no secret to replace. */
export class SecretMissingError extends Error {
  public override readonly name = 'SecretMissingError';
}

/** The secret moved on since it was read: someone else rotated or reconnected it meanwhile. */
export class SecretConflictError extends Error {
  public override readonly name = 'SecretConflictError';
}

/** The store could not be read or written (network, permissions, throttling, an unreadable file). */
export class SecretUnavailableError extends Error {
  public override readonly name = 'SecretUnavailableError';
}
