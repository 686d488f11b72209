import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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
  SecretUnavailableError,
} from '../../../../shared/kernel/secret-store.ts';

const NAME = 'tsunagi/local/acme/integrations/slack';

describe('Class: FileSecretStore', () => {
  let dir: string;
  let file: string;
  const stored = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagi-file-secrets-'));
    file = join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ [NAME]: '{"bot_token":"xoxb-1"}', other: { keep: true } }));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gets SecretStrings, an object entry as its JSON, and null for an absent or inherited name', async () => {
    // Prepare
    const store = new FileSecretStore(file);

    // Act & Assess
    expect(await store.get(NAME)).toBe('{"bot_token":"xoxb-1"}');
    expect(await store.get('other')).toBe('{"keep":true}');
    expect(await store.get('missing')).toBeNull();
    expect(await store.get('constructor')).toBeNull();
  });

  it('sees a change made by hand within the recheck interval, and at once with forceFetch', async () => {
    // Prepare
    let clock = 0;
    const store = new FileSecretStore(file, { recheckMs: 1_000, now: () => clock });
    await store.get(NAME);
    writeFileSync(file, JSON.stringify({ [NAME]: 'edited' }));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));

    // Act
    const forced = await store.get(NAME, { forceFetch: true });
    writeFileSync(file, JSON.stringify({ [NAME]: 'edited-again' }));
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const withinInterval = await store.get(NAME);
    clock += 1_001;
    const afterInterval = await store.get(NAME);

    // Assess
    expect([forced, withinInterval, afterInterval]).toEqual(['edited', 'edited', 'edited-again']);
  });

  it('reads the value with a hash as version and the file time as last change', async () => {
    // Prepare
    const store = new FileSecretStore(file);

    // Act
    const secret = await store.read(NAME);

    // Assess
    expect(secret).toEqual({
      value: '{"bot_token":"xoxb-1"}',
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
      lastChanged: statSync(file).mtime,
    });
    expect(await store.read('missing')).toBeNull();
  });

  it('replaces by compare-and-swap, keeping the other entries, their form and order, atomically', async () => {
    // Prepare
    const store = new FileSecretStore(file);
    const read = await store.read(NAME);

    // Act
    const version = await store.write(NAME, '{"bot_token":"xoxb-2"}', read!.version);
    const stale = store.write(NAME, '{"bot_token":"xoxb-3"}', read!.version);

    // Assess
    await expect(stale).rejects.toBeInstanceOf(SecretConflictError);
    expect((await store.read(NAME))?.version).toBe(version);
    expect(stored()).toEqual({ [NAME]: '{"bot_token":"xoxb-2"}', other: { keep: true } });
    expect(Object.keys(stored())).toEqual([NAME, 'other']);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('creates an absent secret, refusing to create an existing one or replace a missing one', async () => {
    // Prepare
    const store = new FileSecretStore(file);

    // Act
    await store.write('tsunagi/local/newco/webhooks/standard', '{"signingSecrets":["whsec_x"]}', null);

    // Assess
    expect(await store.get('tsunagi/local/newco/webhooks/standard')).toBe('{"signingSecrets":["whsec_x"]}');
    await expect(store.write(NAME, 'x', null)).rejects.toBeInstanceOf(SecretExistsError);
    await expect(store.write('tsunagi/local/none', 'x', 'v')).rejects.toBeInstanceOf(SecretMissingError);
  });

  it('keeps concurrent writes of two stores on one file from dropping each other', async () => {
    // Prepare
    const sync = new FileSecretStore(file);
    const worker = new FileSecretStore(file);
    const [slack, other] = await Promise.all([sync.read(NAME), worker.read('other')]);

    // Act
    await Promise.all([sync.write(NAME, 'a', slack!.version), worker.write('other', 'b', other!.version)]);

    // Assess
    expect(stored()).toEqual({ [NAME]: 'a', other: 'b' });
  });

  it.each([
    ['a missing file', null],
    ['a file that is not JSON', 'not json'],
    ['a JSON array', '[]'],
  ])('reports %s as unavailable, writing nothing', async (_name, content) => {
    // Prepare
    const path = content === null ? join(dir, 'absent.json') : file;
    if (content !== null) writeFileSync(path, content);
    const store = new FileSecretStore(path);

    // Act & Assess
    await expect(store.get(NAME)).rejects.toBeInstanceOf(SecretUnavailableError);
    await expect(store.read(NAME)).rejects.toBeInstanceOf(SecretUnavailableError);
    await expect(store.write(NAME, 'x', null)).rejects.toBeInstanceOf(SecretUnavailableError);
    if (content !== null) expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('gives up on another writer’s lock held too long, and takes over a stale one', async () => {
    // Prepare: another process is writing (its lock file exists).
    const lock = `${file}.lock`;
    const store = new FileSecretStore(file, { lockWaitMs: 300 });
    writeFileSync(lock, '');

    // Act: held throughout → unavailable, nothing written; stale → taken over.
    const held = store.write('a', '1', null);
    await expect(held).rejects.toBeInstanceOf(SecretUnavailableError);
    expect(stored()).not.toHaveProperty('a');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const stale = await store.write('b', '2', null);

    // Assess
    expect(stale).toMatch(/^[0-9a-f]{16}$/);
    expect(stored()).toMatchObject({ b: '2' });
    expect(readdirSync(dir)).not.toContain('secrets.json.lock');
  });
});

describe('Function: saveSecretsFile', () => {
  it('writes what loadSecretsFile reads, readable by the owner only', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'tsunagi-file-secrets-'));
    const path = join(dir, 'secrets.json');

    // Act
    saveSecretsFile(path, { a: 'x', b: { c: 1 } });

    // Assess
    expect(loadSecretsFile(path)).toEqual({ a: 'x', b: { c: 1 } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    rmSync(dir, { recursive: true, force: true });
  });
});
