import { randomUUID } from 'node:crypto';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { describeError } from '../../kernel/errors.ts';
import {
  SecretConflictError,
  SecretExistsError,
  type SecretGetOptions,
  SecretMissingError,
  type SecretStore,
  SecretUnavailableError,
  type SecretWriteOptions,
  type StoredSecret,
} from '../../kernel/secret-store.ts';

export interface SecretsManagerSecretStoreOptions {
  /** How long `get` answers from its cache (Powertools Parameters `maxAge`), in seconds. */
  readonly cacheSeconds: number;
}

/** Powertools wraps the SDK's error, so the whole cause chain is searched. */
const isNamed = (error: unknown, name: string): boolean => {
  for (let link: unknown = error; link instanceof Error; link = link.cause) {
    if (link.name === name) return true;
  }
  return false;
};

const asText = (value: string | Uint8Array): string =>
  typeof value === 'string' ? value : new TextDecoder().decode(value);

/** Errors of the port pass through; anything else means the store could not be used. */
const unavailable = (action: string, name: string, error: unknown): Error =>
  error instanceof SecretExistsError ||
  error instanceof SecretMissingError ||
  error instanceof SecretConflictError
    ? error
    : new SecretUnavailableError(`${action} ${name} failed: ${describeError(error)}`, { cause: error });

/**
 * Secrets Manager behind the secret-store port. `get` reads through Powertools Parameters (its cache keeps hot
 * paths off the network); `read` asks GetSecretValue itself, because a compare-and-swap needs the VersionId and
 * "last changed" needs the version's date, which the provider drops. A replace is staged as AWSPENDING only
 * (readers still get AWSCURRENT), then AWSCURRENT is moved to it with `RemoveFromVersionId` = the version read,
 * which Secrets Manager refuses once AWSCURRENT is elsewhere: no reader sees a half-done rotation, and the secret
 * stays the one source of truth (an operator's reconnect is just another write).
 */
export class SecretsManagerSecretStore implements SecretStore {
  private readonly provider: SecretsProvider;
  /** Built once: `get` runs on every webhook. */
  private readonly cached: { readonly maxAge: number };
  private readonly fresh: { readonly maxAge: number; readonly forceFetch: true };

  public constructor(
    private readonly client: SecretsManagerClient,
    options: SecretsManagerSecretStoreOptions,
  ) {
    this.provider = new SecretsProvider({ awsSdkV3Client: client });
    this.cached = { maxAge: options.cacheSeconds };
    this.fresh = { maxAge: options.cacheSeconds, forceFetch: true };
  }

  public async get(name: string, options?: SecretGetOptions): Promise<string | null> {
    try {
      const value = await this.provider.get(name, options?.forceFetch ? this.fresh : this.cached);
      return value === undefined ? null : asText(value);
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return null;
      throw unavailable('reading', name, error);
    }
  }

  public async read(name: string): Promise<StoredSecret | null> {
    try {
      const output = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
      const value = output.SecretString ?? (output.SecretBinary && asText(output.SecretBinary));
      if (value === undefined || output.VersionId === undefined) {
        throw new SecretUnavailableError(`secret ${name} has no current value`);
      }
      return { value, version: output.VersionId, lastChanged: output.CreatedDate ?? null };
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return null;
      throw unavailable('reading', name, error);
    }
  }

  public async write(
    name: string,
    value: string,
    expectedVersion: string | null,
    options: SecretWriteOptions = {},
  ): Promise<string> {
    try {
      return expectedVersion === null
        ? await this.create(name, value, options.description)
        : await this.replace(name, value, expectedVersion);
    } catch (error) {
      throw unavailable('writing', name, error);
    }
  }

  private async create(name: string, value: string, description: string | undefined): Promise<string> {
    // The request token becomes the new version's id, and makes a retried call harmless.
    const token = randomUUID();
    try {
      const output = await this.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: value,
          ClientRequestToken: token,
          ...(description === undefined ? {} : { Description: description }),
        }),
      );
      return output.VersionId ?? token;
    } catch (error) {
      if (isNamed(error, 'ResourceExistsException')) {
        throw new SecretExistsError(`secret ${name} already exists`, { cause: error });
      }
      throw error;
    }
  }

  private async replace(name: string, value: string, expectedVersion: string): Promise<string> {
    const token = randomUUID();
    let versionId: string;
    try {
      const staged = await this.client.send(
        new PutSecretValueCommand({
          SecretId: name,
          ClientRequestToken: token,
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      );
      versionId = staged.VersionId ?? token;
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) {
        throw new SecretMissingError(`secret ${name} does not exist`, { cause: error });
      }
      throw error;
    }
    try {
      await this.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: versionId,
          RemoveFromVersionId: expectedVersion,
        }),
      );
    } catch (error) {
      const now = await this.read(name);
      if (now === null) throw new SecretMissingError(`secret ${name} does not exist`, { cause: error });
      if (now.version !== expectedVersion) {
        throw new SecretConflictError(`secret ${name} changed since it was read; not overwriting it`, {
          cause: error,
        });
      }
      throw error;
    }
    return versionId;
  }
}
