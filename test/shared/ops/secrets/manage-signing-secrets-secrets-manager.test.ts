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
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecretStore } from '../../../../shared/adapters/kernel/secrets-manager-secret-store.ts';
import { SecretExistsError, SecretMissingError } from '../../../../shared/kernel/secret-store.ts';
import {
  putSigningSecret,
  rotateSigningSecret,
  showSigningSecrets,
} from '../../../../shared/ops/secrets/manage-signing-secrets.ts';

const sm = mockClient(SecretsManagerClient);
const NAME = 'tsunagi/dev/acme/webhooks/stripe';
const store = () =>
  new SecretsManagerSecretStore(new SecretsManagerClient({ region: 'ap-northeast-1' }), { cacheSeconds: 0 });
const notFound = () => new ResourceNotFoundException({ message: 'nope', $metadata: {} });

describe('Module: manage-signing-secrets (Secrets Manager)', () => {
  beforeEach(() => sm.reset());

  it('shows the list and the current version’s date', async () => {
    const created = new Date('2026-11-01T00:00:00Z');
    sm.on(GetSecretValueCommand, { SecretId: NAME }).resolves({
      SecretString: '{"signingSecrets":["whsec_new","whsec_old"]}',
      VersionId: 'v1',
      CreatedDate: created,
    });
    expect(await showSigningSecrets(store(), NAME)).toEqual({
      name: NAME,
      secrets: ['whsec_new', 'whsec_old'],
      lastChanged: created,
      version: 'v1',
    });
  });

  it('shows a missing secret as null', async () => {
    sm.on(GetSecretValueCommand).rejects(notFound());
    expect(await showSigningSecrets(store(), NAME)).toBeNull();
  });

  it('rejects a malformed SecretString without echoing it', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'whsec_plain_value', VersionId: 'v1' });
    const error = await showSigningSecrets(store(), NAME).catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).toContain(NAME);
    expect(String((error as Error).message)).not.toContain('whsec_plain_value');
  });

  it('puts with CreateSecret in the receiver’s format', async () => {
    sm.on(GetSecretValueCommand).rejects(notFound());
    sm.on(CreateSecretCommand).resolves({});
    await putSigningSecret(store(), NAME, 'whsec_a');
    const [call] = sm.commandCalls(CreateSecretCommand);
    expect(call!.args[0].input).toMatchObject({ Name: NAME, SecretString: '{"signingSecrets":["whsec_a"]}' });
    expect(call!.args[0].input.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps a secret created meanwhile to SecretExistsError', async () => {
    sm.on(GetSecretValueCommand).rejects(notFound());
    sm.on(CreateSecretCommand).rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));
    await expect(putSigningSecret(store(), NAME, 'whsec_a')).rejects.toBeInstanceOf(SecretExistsError);
  });

  it('rotates with PutSecretValue (a new current version, moved from the one read)', async () => {
    sm.on(GetSecretValueCommand).resolves({
      SecretString: '{"signingSecrets":["whsec_a"]}',
      VersionId: 'v1',
    });
    sm.on(PutSecretValueCommand).resolves({ VersionId: 'v2' });
    sm.on(UpdateSecretVersionStageCommand).resolves({});
    await rotateSigningSecret(store(), NAME, 'whsec_b');
    const [call] = sm.commandCalls(PutSecretValueCommand);
    expect(call!.args[0].input).toMatchObject({
      SecretId: NAME,
      SecretString: '{"signingSecrets":["whsec_b","whsec_a"]}',
    });
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toMatchObject({
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
  });

  it('maps a secret deleted meanwhile to SecretMissingError', async () => {
    sm.on(GetSecretValueCommand).resolves({
      SecretString: '{"signingSecrets":["whsec_a"]}',
      VersionId: 'v1',
    });
    sm.on(PutSecretValueCommand).rejects(notFound());
    await expect(rotateSigningSecret(store(), NAME, 'whsec_b')).rejects.toBeInstanceOf(SecretMissingError);
  });
});
