import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secretsRotate, secretsShow } from '../../../../infra/ops/secrets.ts';
import { fingerprint } from '../../../../shared/ops/secrets/signing-secret-list.ts';

/** `--stage` in-process, against a mocked Secrets Manager: the names and calls the stage gets. */

const sm = mockClient(SecretsManagerClient);
const NAME = 'tsunagi/dev/acme/webhooks/generic';

describe('ops secrets --stage (Secrets Manager)', () => {
  let out: string[];

  beforeEach(() => {
    sm.reset();
    out = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      out.push(args.join(' '));
    });
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      out.push(args.join(' '));
    });
  });

  afterEach(() => vi.restoreAllMocks());

  it('shows the secret of the stage’s prefix with fingerprints only', async () => {
    sm.on(GetSecretValueCommand, { SecretId: NAME }).resolves({
      SecretString: '{"signingSecrets":["stage-current-value"]}',
      VersionId: 'v1',
      CreatedDate: new Date('2026-11-01T00:00:00Z'),
    });
    await secretsShow(['acme', 'generic', '--stage', 'dev', '--json']);
    expect(JSON.parse(out.join('\n'))).toEqual({
      target: 'stage dev (ap-northeast-1)',
      name: NAME,
      count: 1,
      fingerprints: [fingerprint('stage-current-value')],
      lastChanged: '2026-11-01T00:00:00.000Z',
    });
    expect(out.join('\n')).not.toContain('stage-current-value');
  });

  it('rotates with PutSecretValue, the new secret in front', async () => {
    sm.on(GetSecretValueCommand).resolves({
      SecretString: '{"signingSecrets":["stage-current-value"]}',
      VersionId: 'v1',
    });
    sm.on(PutSecretValueCommand).resolves({});
    sm.on(UpdateSecretVersionStageCommand).resolves({});
    await secretsRotate(['acme', 'generic', '--stage', 'dev', '--generate', '--yes', '--json']);
    const [call] = sm.commandCalls(PutSecretValueCommand);
    const written = JSON.parse(call!.args[0].input.SecretString!) as { signingSecrets: string[] };
    expect(call!.args[0].input.SecretId).toBe(NAME);
    expect(written.signingSecrets).toHaveLength(2);
    expect(written.signingSecrets[1]).toBe('stage-current-value');
    expect(written.signingSecrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(out.join('\n')).not.toContain(written.signingSecrets[0]);
  });

  it('says so when the secret does not exist', async () => {
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));
    await expect(secretsShow(['acme', 'generic', '--stage', 'dev'])).rejects.toThrow(/secrets put/);
  });
});
