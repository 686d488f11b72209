import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../shared/adapters/kernel/file-secret-store.ts';
import { SecretStoreUnavailableError } from '../../../shared/webhooks/errors.ts';
import { SigningSecretLookup } from '../../../shared/webhooks/signing-secrets.ts';

const file = (content: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'tsunagi-secrets-')), 'secrets.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

/** The receiver's lookup on local mode's file: no remembered misses, edits seen within the recheck interval. */
const lookup = (path: string, prefix: string, recheckMs?: number, now?: () => number) =>
  new SigningSecretLookup(
    new FileSecretStore(path, { ...(recheckMs ? { recheckMs } : {}), ...(now ? { now } : {}) }),
    {
      prefix,
      missingCacheSeconds: 0,
    },
  );

describe('Class: SigningSecretLookup (local secrets file)', () => {
  it('reads SecretStrings given as JSON text or as objects', async () => {
    // Prepare
    const path = file({
      'tsunagi/local/acme/webhooks/github': '{"signingSecrets":["a","b"]}',
      'tsunagi/local/acme/webhooks/line': { signingSecrets: ['c'] },
    });
    const store = lookup(path, 'tsunagi/local');

    // Act & Assess
    expect(await store.getSigningSecrets('acme', 'github')).toEqual(['a', 'b']);
    expect(await store.getSigningSecrets('acme', 'line')).toEqual(['c']);
    expect(await store.getSigningSecrets('acme', 'stripe')).toBeNull();
  });

  it('does not resolve inherited object keys as secret names', async () => {
    // Prepare
    const store = lookup(file({}), 'tsunagi/local');

    // Act & Assess
    expect(await store.getSigningSecrets('constructor', 'github')).toBeNull();
  });

  it('picks up an edited file without a restart', async () => {
    // Prepare
    const path = file({ 'tsunagi/local/acme/webhooks/github': '{"signingSecrets":["old"]}' });
    let clock = 0;
    const store = lookup(path, 'tsunagi/local', 1_000, () => clock);
    await store.getSigningSecrets('acme', 'github');
    clock += 1_001;

    // Act
    writeFileSync(
      path,
      JSON.stringify({ 'tsunagi/local/acme/webhooks/github': '{"signingSecrets":["new"]}' }),
    );
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));

    // Assess
    expect(await store.getSigningSecrets('acme', 'github')).toEqual(['new']);
  });

  it.each([
    ['a missing file', '/nonexistent/secrets.json'],
    ['a file that is not JSON', 'not json'],
    ['a JSON array', '[]'],
  ])('reports %s as unavailable', async (_name, content) => {
    // Prepare
    const path = content.startsWith('/') ? content : file(content);

    // Act & Assess
    await expect(lookup(path, 'p').getSigningSecrets('acme', 'github')).rejects.toBeInstanceOf(
      SecretStoreUnavailableError,
    );
  });
});
