import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../../shared/adapters/kernel/file-secret-store.ts';
import { FileOpsSecretStore } from '../../../../shared/adapters/ops/file-ops-secret-store.ts';
import { SecretExistsError, SecretMissingError } from '../../../../shared/ops/secrets/store.ts';
import { SigningSecretLookup } from '../../../../shared/webhooks/signing-secrets.ts';

const NAME = 'tsunagi/local/acme/webhooks/generic';

describe('Class: FileOpsSecretStore', () => {
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

  it('reads a secret list (string or object entries) with the file time as last change', async () => {
    const store = new FileOpsSecretStore(file);
    expect(await store.read(NAME)).toEqual({ secrets: ['cur', 'prev'], lastChanged: statSync(file).mtime });
    expect((await store.read('tsunagi/local/acme/webhooks/github'))?.secrets).toEqual(['object-form']);
    expect(await store.read('tsunagi/local/nobody/webhooks/generic')).toBeNull();
  });

  it('updates one entry in place, keeping the others, their order and the file format', async () => {
    const store = new FileOpsSecretStore(file);
    await store.update(NAME, ['new', 'cur', 'prev']);
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

  it('creates a new entry and refuses to create an existing one or update a missing one', async () => {
    const store = new FileOpsSecretStore(file);
    await store.create('tsunagi/local/newco/webhooks/standard', ['whsec_x']);
    expect((await store.read('tsunagi/local/newco/webhooks/standard'))?.secrets).toEqual(['whsec_x']);
    await expect(store.create(NAME, ['x'])).rejects.toBeInstanceOf(SecretExistsError);
    await expect(store.update('tsunagi/local/none/webhooks/generic', ['x'])).rejects.toBeInstanceOf(
      SecretMissingError,
    );
  });

  it('writes what the receiver’s file store reads', async () => {
    await new FileOpsSecretStore(file).update(NAME, ['new', 'cur']);
    const receiver = new SigningSecretLookup(new FileSecretStore(file), { prefix: 'tsunagi/local' });
    expect(await receiver.getSigningSecrets('acme', 'generic')).toEqual(['new', 'cur']);
  });

  it('fails on a file that is not a JSON object, without writing', async () => {
    writeFileSync(file, '[1,2]');
    await expect(new FileOpsSecretStore(file).update(NAME, ['x'])).rejects.toThrow(/JSON object/);
    expect(readFileSync(file, 'utf8')).toBe('[1,2]');
  });
});
