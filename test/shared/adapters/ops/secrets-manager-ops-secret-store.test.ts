import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerOpsSecretStore } from '../../../../shared/adapters/ops/secrets-manager-ops-secret-store.ts';
import { SecretExistsError, SecretMissingError } from '../../../../shared/ops/secrets/store.ts';

const sm = mockClient(SecretsManagerClient);
const NAME = 'tsunagi/dev/acme/webhooks/stripe';
const store = () => new SecretsManagerOpsSecretStore(new SecretsManagerClient({ region: 'ap-northeast-1' }));

describe('Class: SecretsManagerOpsSecretStore', () => {
  beforeEach(() => sm.reset());

  it('reads the list and the current version’s date', async () => {
    const created = new Date('2026-11-01T00:00:00Z');
    sm.on(GetSecretValueCommand, { SecretId: NAME }).resolves({
      SecretString: '{"signingSecrets":["whsec_new","whsec_old"]}',
      CreatedDate: created,
    });
    expect(await store().read(NAME)).toEqual({ secrets: ['whsec_new', 'whsec_old'], lastChanged: created });
  });

  it('reads a missing secret as null', async () => {
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));
    expect(await store().read(NAME)).toBeNull();
  });

  it('rejects a malformed SecretString without echoing it', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'whsec_plain_value' });
    const error = await store()
      .read(NAME)
      .catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).toContain(NAME);
    expect(String((error as Error).message)).not.toContain('whsec_plain_value');
  });

  it('creates with CreateSecret in the receiver’s format', async () => {
    sm.on(CreateSecretCommand).resolves({});
    await store().create(NAME, ['whsec_a']);
    const [call] = sm.commandCalls(CreateSecretCommand);
    expect(call!.args[0].input).toMatchObject({ Name: NAME, SecretString: '{"signingSecrets":["whsec_a"]}' });
    expect(call!.args[0].input.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps an existing secret on create to SecretExistsError', async () => {
    sm.on(CreateSecretCommand).rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));
    await expect(store().create(NAME, ['whsec_a'])).rejects.toBeInstanceOf(SecretExistsError);
  });

  it('updates with PutSecretValue (a new current version)', async () => {
    sm.on(PutSecretValueCommand).resolves({});
    await store().update(NAME, ['whsec_b', 'whsec_a']);
    const [call] = sm.commandCalls(PutSecretValueCommand);
    expect(call!.args[0].input).toMatchObject({
      SecretId: NAME,
      SecretString: '{"signingSecrets":["whsec_b","whsec_a"]}',
    });
  });

  it('maps a missing secret on update to SecretMissingError', async () => {
    sm.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));
    await expect(store().update(NAME, ['whsec_a'])).rejects.toBeInstanceOf(SecretMissingError);
  });
});
