import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  type OpsSecretStore,
  SecretExistsError,
  SecretMissingError,
  type StoredSigningSecrets,
  signingSecretString,
} from '../../ops/secrets/store.ts';
import { parseSigningSecrets } from '../../webhooks/signing-secrets.ts';

/**
 * Secrets Manager as `ops secrets` reads and writes it: CreateSecret for `put`, PutSecretValue (a new
 * AWSCURRENT version) for `rotate` and `retire`, GetSecretValue to read. "Last changed" is the creation date of
 * the current version. The receiver picks a change up within its cache time (`SECRET_CACHE_SECONDS`).
 */
export class SecretsManagerOpsSecretStore implements OpsSecretStore {
  public constructor(
    private readonly client: SecretsManagerClient,
    public readonly label: string = 'Secrets Manager',
  ) {}

  public async read(name: string): Promise<StoredSigningSecrets | null> {
    try {
      const output = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
      if (output.SecretString === undefined) {
        throw new Error(`secret ${name} has no SecretString (binary secrets are not signing secrets)`);
      }
      return {
        secrets: parseSigningSecrets(name, output.SecretString),
        lastChanged: output.CreatedDate ?? null,
      };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return null;
      throw error;
    }
  }

  public async create(name: string, secrets: readonly string[]): Promise<void> {
    try {
      await this.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: signingSecretString(secrets),
          Description: 'tsunagi webhook signing secrets {"signingSecrets": [current, previous...]}',
          ClientRequestToken: randomUUID(),
        }),
      );
    } catch (error) {
      if (error instanceof ResourceExistsException) {
        throw new SecretExistsError(`secret ${name} already exists`, { cause: error });
      }
      throw error;
    }
  }

  public async update(name: string, secrets: readonly string[]): Promise<void> {
    try {
      await this.client.send(
        new PutSecretValueCommand({
          SecretId: name,
          SecretString: signingSecretString(secrets),
          ClientRequestToken: randomUUID(),
        }),
      );
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        throw new SecretMissingError(`secret ${name} does not exist`, { cause: error });
      }
      throw error;
    }
  }
}
