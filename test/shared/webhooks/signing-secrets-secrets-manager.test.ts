import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecretStore } from '../../../shared/adapters/kernel/secrets-manager-secret-store.ts';
import { SecretStoreUnavailableError } from '../../../shared/webhooks/errors.ts';
import { SigningSecretLookup } from '../../../shared/webhooks/signing-secrets.ts';

const sm = mockClient(SecretsManagerClient);

describe('Class: SigningSecretLookup (Secrets Manager)', () => {
  let clock: number;
  const store = () =>
    new SigningSecretLookup(
      new SecretsManagerSecretStore(new SecretsManagerClient({}), { cacheSeconds: 60 }),
      {
        prefix: 'tsunagi/dev',
        missingCacheSeconds: 30,
        now: () => clock,
      },
    );

  beforeEach(() => {
    sm.reset();
    clock = 1_000_000;
  });

  it('reads every listed secret from the tenant and provider name', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: 'tsunagi/dev/acme/webhooks/stripe' }).resolves({
      SecretString: '{"signingSecrets":["whsec_new","whsec_old"]}',
    });

    // Act
    const secrets = await store().getSigningSecrets('acme', 'stripe');

    // Assess
    expect(secrets).toEqual(['whsec_new', 'whsec_old']);
  });

  it('caches a found secret so a burst costs one Secrets Manager call', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"signingSecrets":["s"]}' });
    const subject = store();

    // Act
    for (let i = 0; i < 5; i += 1) await subject.getSigningSecrets('acme', 'github');

    // Assess
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('answers null for a missing secret and remembers the miss for a while', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));
    const subject = store();

    // Act
    const first = await subject.getSigningSecrets('ghost', 'github');
    const second = await subject.getSigningSecrets('ghost', 'github');
    clock += 31_000;
    await subject.getSigningSecrets('ghost', 'github');

    // Assess
    expect([first, second]).toEqual([null, null]);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('reports an unreadable store as unavailable', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('throttled'), { name: 'ThrottlingException' }),
    );

    // Act & Assess
    await expect(store().getSigningSecrets('acme', 'slack')).rejects.toBeInstanceOf(
      SecretStoreUnavailableError,
    );
  });

  it('reports a malformed SecretString as unavailable without echoing it', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'plain-text-secret-value' });

    // Act
    const error = await store()
      .getSigningSecrets('acme', 'line')
      .catch((e: unknown) => e as Error);

    // Assess
    expect(error).toBeInstanceOf(SecretStoreUnavailableError);
    expect((error as Error).message).toContain('tsunagi/dev/acme/webhooks/line');
    expect((error as Error).message).not.toContain('plain-text-secret-value');
  });
});
