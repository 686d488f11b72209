import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecretStore } from '../../../../shared/adapters/kernel/secrets-manager-secret-store.ts';
import {
  SecretConflictError,
  SecretExistsError,
  SecretMissingError,
  SecretUnavailableError,
} from '../../../../shared/kernel/secret-store.ts';

const sm = mockClient(SecretsManagerClient);
const NAME = 'tsunagi/dev/acme/integrations/slack';
const store = (cacheSeconds = 60) =>
  new SecretsManagerSecretStore(new SecretsManagerClient({ region: 'ap-northeast-1' }), { cacheSeconds });
const notFound = () => new ResourceNotFoundException({ message: 'nope', $metadata: {} });

describe('Class: SecretsManagerSecretStore', () => {
  beforeEach(() => sm.reset());
  afterAll(() => sm.restore());

  it('gets through a cache, so a burst costs one call, and skips it with forceFetch', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: NAME }).resolves({ SecretString: '{"bot_token":"x"}' });
    const subject = store();

    // Act
    for (let i = 0; i < 5; i += 1) await subject.get(NAME);
    const forced = await subject.get(NAME, { forceFetch: true });

    // Assess
    expect(forced).toBe('{"bot_token":"x"}');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('gets a binary secret as text, a missing one as null, and an unreadable store as unavailable', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: 'binary' }).resolves({
      SecretBinary: new TextEncoder().encode('key'),
    });
    sm.on(GetSecretValueCommand, { SecretId: 'gone' }).rejects(notFound());
    sm.on(GetSecretValueCommand, { SecretId: 'throttled' }).rejects(
      Object.assign(new Error('slow down'), { name: 'ThrottlingException' }),
    );

    // Act & Assess
    expect(await store().get('binary')).toBe('key');
    expect(await store().get('gone')).toBeNull();
    await expect(store().get('throttled')).rejects.toBeInstanceOf(SecretUnavailableError);
  });

  it('reads the value with its VersionId and the version’s date, and a missing secret as null', async () => {
    // Prepare
    const created = new Date('2026-11-01T00:00:00Z');
    sm.on(GetSecretValueCommand, { SecretId: NAME }).resolves({
      SecretString: 'x',
      VersionId: 'v1',
      CreatedDate: created,
    });
    sm.on(GetSecretValueCommand, { SecretId: 'gone' }).rejects(notFound());

    // Act & Assess
    expect(await store().read(NAME)).toEqual({ value: 'x', version: 'v1', lastChanged: created });
    expect(await store().read('gone')).toBeNull();
  });

  it('creates with CreateSecret, and maps an existing secret to SecretExistsError', async () => {
    // Prepare
    sm.on(CreateSecretCommand, { Name: NAME }).resolves({ VersionId: 'v1' });
    sm.on(CreateSecretCommand, { Name: 'there' }).rejects(
      new ResourceExistsException({ message: 'exists', $metadata: {} }),
    );

    // Act
    const version = await store().write(NAME, '{}', null, { description: 'what it is' });

    // Assess
    expect(version).toBe('v1');
    expect(sm.commandCalls(CreateSecretCommand)[0]?.args[0].input).toMatchObject({
      Name: NAME,
      SecretString: '{}',
      Description: 'what it is',
      ClientRequestToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await expect(store().write('there', '{}', null)).rejects.toBeInstanceOf(SecretExistsError);
  });

  it('stages the new value as AWSPENDING, then moves AWSCURRENT from the version it read', async () => {
    // Prepare
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'v2' });
    sm.on(UpdateSecretVersionStageCommand).resolves({});

    // Act
    const version = await store().write(NAME, '{"refresh_token":"new"}', 'v1');

    // Assess
    expect(version).toBe('v2');
    expect(sm.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toMatchObject({
      SecretId: NAME,
      SecretString: '{"refresh_token":"new"}',
      VersionStages: ['AWSPENDING'],
    });
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
      SecretId: NAME,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
  });

  it('refuses to replace a secret that moved on, or one that is gone', async () => {
    // Prepare
    sm.on(PutSecretValueCommand, { SecretId: NAME }).resolves({ VersionId: 'v3' });
    sm.on(PutSecretValueCommand, { SecretId: 'gone' }).rejects(notFound());
    sm.on(UpdateSecretVersionStageCommand).rejects(
      Object.assign(new Error('label is on another version'), { name: 'InvalidParameterException' }),
    );
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{}', VersionId: 'v2' });

    // Act & Assess
    await expect(store().write(NAME, '{}', 'v1')).rejects.toBeInstanceOf(SecretConflictError);
    await expect(store().write('gone', '{}', 'v1')).rejects.toBeInstanceOf(SecretMissingError);
  });

  it('reports a refused write that is no conflict as unavailable', async () => {
    // Prepare
    sm.on(PutSecretValueCommand).rejects(
      Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }),
    );

    // Act & Assess
    await expect(store().write(NAME, '{}', 'v1')).rejects.toBeInstanceOf(SecretUnavailableError);
  });
});
