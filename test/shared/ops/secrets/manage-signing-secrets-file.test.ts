import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileSecretStore,
  loadSecretsFile,
  saveSecretsFile,
} from '../../../../shared/adapters/kernel/file-secret-store.ts';
import {
  SecretConflictError,
  SecretExistsError,
  SecretMissingError,
} from '../../../../shared/kernel/secret-store.ts';
import {
  putSigningSecret,
  retireSigningSecret,
  rotateSigningSecret,
  showSigningSecrets,
} from '../../../../shared/ops/secrets/manage-signing-secrets.ts';
import { SigningSecretLookup } from '../../../../shared/webhooks/signing-secrets.ts';

const NAME = 'tsunagi/local/acme/webhooks/generic';

describe('Module: manage-signing-secrets (local secrets file)', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-secrets-'));
    file = join(dir, 'secrets.json');
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          [NAME]: '{"signingSecrets":["cur","prev"]}',
          'tsunagi/local/acme/webhooks/github': { signingSecrets: ['object-form'] },
          'tsunagi/local/acme/routes/r1': 'whsec_route',
        },
        null,
        2,
      )}\n`,
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a secret list (string or object entries) with the file time as last change', async () => {
    const store = new FileSecretStore(file);
    expect(await showSigningSecrets(store, NAME)).toEqual({
      name: NAME,
      secrets: ['cur', 'prev'],
      lastChanged: statSync(file).mtime,
      version: expect.any(String),
    });
    expect((await showSigningSecrets(store, 'tsunagi/local/acme/webhooks/github'))?.secrets).toEqual([
      'object-form',
    ]);
    expect(await showSigningSecrets(store, 'tsunagi/local/nobody/webhooks/generic')).toBeNull();
  });

  it('rotates one entry in place, keeping the others, their order and the file format', async () => {
    const store = new FileSecretStore(file);
    await rotateSigningSecret(store, NAME, 'new');
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      NAME,
      'tsunagi/local/acme/webhooks/github',
      'tsunagi/local/acme/routes/r1',
    ]);
    expect(parsed[NAME]).toBe('{"signingSecrets":["new","cur","prev"]}');
    expect(parsed['tsunagi/local/acme/routes/r1']).toBe('whsec_route');
    expect(text.endsWith('}\n')).toBe(true);
    // Atomic write: no temporary file left behind.
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('puts a new entry, and refuses when the secret was created or deleted after it was read', async () => {
    const store = new FileSecretStore(file);
    const fresh = 'tsunagi/local/newco/webhooks/standard';
    await putSigningSecret(store, fresh, 'whsec_x');
    expect((await showSigningSecrets(store, fresh))?.secrets).toEqual(['whsec_x']);
    const racing = 'tsunagi/local/racing/webhooks/generic';
    const createdMeanwhile = async () => {
      await new FileSecretStore(file).write(racing, '{"signingSecrets":["theirs"]}', null);
    };
    await expect(putSigningSecret(store, racing, 'x', { confirm: createdMeanwhile })).rejects.toBeInstanceOf(
      SecretExistsError,
    );
    const deletedMeanwhile = async () => {
      const { [NAME]: _, ...rest } = loadSecretsFile(file);
      saveSecretsFile(file, rest);
    };
    await expect(retireSigningSecret(store, NAME, { confirm: deletedMeanwhile })).rejects.toBeInstanceOf(
      SecretMissingError,
    );
  });

  it('refuses to overwrite a change made after it was read, and writes nothing on a dry run', async () => {
    const store = new FileSecretStore(file);
    const rotatedMeanwhile = async () => {
      await rotateSigningSecret(new FileSecretStore(file), NAME, 'theirs');
    };
    await expect(
      rotateSigningSecret(store, NAME, 'ours', { confirm: rotatedMeanwhile }),
    ).rejects.toBeInstanceOf(SecretConflictError);
    const before = readFileSync(file, 'utf8');
    const dry = await retireSigningSecret(store, NAME, { dryRun: true });
    expect(dry).toMatchObject({ applied: false, version: null, change: { after: ['theirs'] } });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('writes what the receiver’s lookup reads', async () => {
    await rotateSigningSecret(new FileSecretStore(file), NAME, 'new');
    const receiver = new SigningSecretLookup(new FileSecretStore(file), { prefix: 'tsunagi/local' });
    expect(await receiver.getSigningSecrets('acme', 'generic')).toEqual(['new', 'cur', 'prev']);
  });

  it('fails on a file that is not a JSON object, without writing', async () => {
    writeFileSync(file, '[1,2]');
    await expect(rotateSigningSecret(new FileSecretStore(file), NAME, 'x')).rejects.toThrow(/JSON object/);
    expect(readFileSync(file, 'utf8')).toBe('[1,2]');
  });
});
