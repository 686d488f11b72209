import { randomUUID } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { CredentialConflictError, CredentialMissingError } from '../../sync/usecases/errors.ts';
import type { CredentialStore, VersionedSecret } from '../../sync/usecases/ports.ts';

const isNamed = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;

/**
 * Integration credentials in Secrets Manager, with a compare-and-swap rotation built from version stages:
 * the new value is put as a version staged AWSPENDING only (readers still get AWSCURRENT), then AWSCURRENT is
 * moved to it with `RemoveFromVersionId` = the version we read, which Secrets Manager refuses when AWSCURRENT is
 * on another version by then. Chosen over a DynamoDB lock row because the secret stays the one source of truth
 * (operators reconnect by writing it; nothing else to keep in step) and no reader ever sees a half-done rotation.
 */
export class SecretsManagerCredentialStore implements CredentialStore {
  public constructor(private readonly client: SecretsManagerClient) {}

  public async read(name: string): Promise<VersionedSecret> {
    try {
      const answer = await this.client.send(new GetSecretValueCommand({ SecretId: name }));
      if (answer.SecretString === undefined || answer.VersionId === undefined) {
        throw new CredentialMissingError(`secret ${name} has no string value`);
      }
      return { value: answer.SecretString, version: answer.VersionId };
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) {
        throw new CredentialMissingError(`secret ${name} does not exist; connect the integration again`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  public async rotate(name: string, expectedVersion: string, newValue: string): Promise<string> {
    const staged = await this.client.send(
      new PutSecretValueCommand({
        SecretId: name,
        ClientRequestToken: randomUUID(),
        SecretString: newValue,
        VersionStages: ['AWSPENDING'],
      }),
    );
    const versionId = staged.VersionId as string;
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
      if ((await this.read(name)).version !== expectedVersion) {
        throw new CredentialConflictError(`secret ${name} changed since it was read; not overwriting it`, {
          cause: error,
        });
      }
      throw error;
    }
    return versionId;
  }
}
