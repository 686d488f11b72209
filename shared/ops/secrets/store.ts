/** Where `ops secrets` reads and writes tenant × provider signing secrets (Secrets Manager or the local file). */

export interface StoredSigningSecrets {
  /** Current first. */
  readonly secrets: readonly string[];
  /** When the value last changed, when the store knows. */
  readonly lastChanged: Date | null;
}

/** Creating a secret that already exists. */
export class SecretExistsError extends Error {
  public override readonly name = 'SecretExistsError';
}

/** Updating a secret that does not exist. */
export class SecretMissingError extends Error {
  public override readonly name = 'SecretMissingError';
}

export interface OpsSecretStore {
  /** For messages: `Secrets Manager (ap-northeast-1)` or `file ./infra/local/demo-secrets.json`. */
  readonly label: string;
  /** The listed secrets, or null when the secret does not exist. */
  read(name: string): Promise<StoredSigningSecrets | null>;
  /** Fails with SecretExistsError when the secret exists. */
  create(name: string, secrets: readonly string[]): Promise<void>;
  /** Replaces the list; fails with SecretMissingError when the secret does not exist. */
  update(name: string, secrets: readonly string[]): Promise<void>;
}

/** The SecretString format the receiver reads (see shared/webhooks/signing-secrets.ts). */
export const signingSecretString = (secrets: readonly string[]): string =>
  JSON.stringify({ signingSecrets: secrets });
