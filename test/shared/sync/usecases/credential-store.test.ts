import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../../shared/adapters/kernel/file-secret-store.ts';
import { SecretsManagerSecretStore } from '../../../../shared/adapters/kernel/secrets-manager-secret-store.ts';
import { SecretStoreCredentials } from '../../../../shared/sync/usecases/credential-store.ts';
import { CredentialConflictError, CredentialMissingError } from '../../../../shared/sync/usecases/index.ts';

describe('Class: SecretStoreCredentials (Secrets Manager)', () => {
  const sm = mockClient(SecretsManagerClient);
  const store = new SecretStoreCredentials(
    new SecretsManagerSecretStore(new SecretsManagerClient({}), { cacheSeconds: 0 }),
  );

  beforeEach(() => sm.reset());
  afterAll(() => sm.restore());

  it('stages the new value as AWSPENDING, then moves AWSCURRENT from the version it read', async () => {
    // Prepare
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'v2' });
    sm.on(UpdateSecretVersionStageCommand).resolves({});

    // Act
    const version = await store.rotate('tsunagi/acme/slack', 'v1', '{"refresh_token":"new"}');

    // Assess
    expect(version).toBe('v2');
    expect(sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toMatchObject({
      SecretId: 'tsunagi/acme/slack',
      SecretString: '{"refresh_token":"new"}',
      VersionStages: ['AWSPENDING'],
    });
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
      SecretId: 'tsunagi/acme/slack',
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
  });

  it('refuses to rotate a secret that moved on since it was read', async () => {
    // Prepare
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'v3' });
    sm.on(UpdateSecretVersionStageCommand).rejects(
      Object.assign(new Error('label is on another version'), { name: 'InvalidParameterException' }),
    );
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{}', VersionId: 'v2' });

    // Act
    const rotate = store.rotate('tsunagi/acme/slack', 'v1', '{}');

    // Assess
    await expect(rotate).rejects.toBeInstanceOf(CredentialConflictError);
  });

  it('reads the value with its version, and a missing secret as CredentialMissingError', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: 'there' }).resolves({ SecretString: 'x', VersionId: 'v1' });
    sm.on(GetSecretValueCommand, { SecretId: 'gone' }).rejects(
      new ResourceNotFoundException({ message: 'nope', $metadata: {} }),
    );

    // Act & Assess
    expect(await store.read('there')).toEqual({ value: 'x', version: 'v1' });
    await expect(store.read('gone')).rejects.toBeInstanceOf(CredentialMissingError);
  });
});

describe('Class: SecretStoreCredentials (local secrets file)', () => {
  it('rotates by compare-and-swap on a hash of the value', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'tsunagi-creds-'));
    const path = join(dir, 'secrets.json');
    await writeFile(path, JSON.stringify({ a: '{"refresh_token":"r1"}', other: { keep: true } }));
    const store = new SecretStoreCredentials(new FileSecretStore(path));
    const read = await store.read('a');

    // Act
    const version = await store.rotate('a', read.version, '{"refresh_token":"r2"}');
    const stale = store.rotate('a', read.version, '{"refresh_token":"r3"}');

    // Assess
    await expect(stale).rejects.toBeInstanceOf(CredentialConflictError);
    expect(await store.read('a')).toEqual({ value: '{"refresh_token":"r2"}', version });
    expect(JSON.parse(await readFile(path, 'utf8')).other).toEqual({ keep: true });
    await expect(store.read('missing')).rejects.toBeInstanceOf(CredentialMissingError);
    await rm(dir, { recursive: true, force: true });
  });
});
