import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../../shared/adapters/kernel/file-secret-store.ts';
import { SecretUpdater } from '../../../../shared/delivery/destinations/secrets.ts';
import {
  SecretConflictError,
  SecretMissingError,
  type SecretStore,
} from '../../../../shared/kernel/secret-store.ts';

const TEAMS = 'tsunagi/local/acme/integrations/teams';
const SLACK = 'tsunagi/local/acme/integrations/slack';
const teamsValue = JSON.stringify({ client_id: 'app-1', messaging_refresh_token: 'rt-1' });

/** Replaces the messaging refresh token while it is still `rt-1`. */
const rotate = (current: string): string | null => {
  const fields = JSON.parse(current) as Record<string, string>;
  return fields.messaging_refresh_token === 'rt-1'
    ? JSON.stringify({ ...fields, messaging_refresh_token: 'rt-2' })
    : null;
};

/** A store whose first `conflicts` writes lose to another writer, which stores `theirs` meanwhile. */
class ContestedStore implements Pick<SecretStore, 'read' | 'write'> {
  public rotations = 0;
  public constructor(
    private readonly inner: SecretStore,
    private conflicts: number,
    private readonly theirs: string,
  ) {}
  public read(name: string) {
    return this.inner.read(name);
  }
  public async write(name: string, newValue: string, expectedVersion: string | null): Promise<string> {
    this.rotations += 1;
    if (this.conflicts === 0) return this.inner.write(name, newValue, expectedVersion);
    this.conflicts -= 1;
    await this.inner.write(name, this.theirs, expectedVersion);
    throw new SecretConflictError(`secret ${name} changed since it was read`);
  }
}

describe('Class: SecretUpdater', () => {
  let dir: string;
  let file: string;
  const stored = async () => JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-secret-updater-'));
    file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ [TEAMS]: teamsValue, [SLACK]: '{"bot_token":"xoxb-1"}' }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the changed value and keeps the other secrets of the file', async () => {
    // Prepare
    const updater = new SecretUpdater(new FileSecretStore(file));

    // Act
    const wrote = await updater.update(TEAMS, rotate);

    // Assess
    expect(wrote).toBe(true);
    expect(await stored()).toEqual({
      [TEAMS]: JSON.stringify({ client_id: 'app-1', messaging_refresh_token: 'rt-2' }),
      [SLACK]: '{"bot_token":"xoxb-1"}',
    });
  });

  it('writes nothing when the change declines', async () => {
    // Prepare
    const updater = new SecretUpdater(new FileSecretStore(file));

    // Act
    const wrote = await updater.update(TEAMS, () => null);

    // Assess
    expect(wrote).toBe(false);
    expect((await stored())[TEAMS]).toBe(teamsValue);
  });

  it('decides again on the newer value after losing a compare-and-swap', async () => {
    // Prepare: another worker stores its own rotated token between our read and our write.
    const theirs = JSON.stringify({ client_id: 'app-1', messaging_refresh_token: 'rt-theirs' });
    const store = new ContestedStore(new FileSecretStore(file), 1, theirs);
    const updater = new SecretUpdater(store);

    // Act
    const wrote = await updater.update(TEAMS, rotate);

    // Assess: theirs is newer and as good; ours is not forced over it.
    expect(wrote).toBe(false);
    expect(store.rotations).toBe(1);
    expect((await stored())[TEAMS]).toBe(theirs);
  });

  it('gives up after three lost compare-and-swaps, and passes other failures through', async () => {
    // Prepare
    const contested = new ContestedStore(new FileSecretStore(file), 3, teamsValue);
    const updater = new SecretUpdater(contested);
    const missing = new SecretUpdater(new FileSecretStore(file));

    // Act & Assess
    await expect(updater.update(TEAMS, rotate)).rejects.toBeInstanceOf(SecretConflictError);
    expect(contested.rotations).toBe(3);
    await expect(missing.update('tsunagi/local/acme/integrations/none', rotate)).rejects.toBeInstanceOf(
      SecretMissingError,
    );
  });

  it('keeps concurrent rotations of two stores on one file from dropping each other', async () => {
    // Prepare: the sync's store and the worker's store share the local credentials file.
    const sync = new FileSecretStore(file);
    const worker = new SecretUpdater(new FileSecretStore(file));
    const slack = await sync.read(SLACK);

    // Act
    await Promise.all([
      sync.write(SLACK, '{"bot_token":"xoxb-2"}', slack!.version),
      worker.update(TEAMS, rotate),
    ]);

    // Assess
    expect(await stored()).toEqual({
      [TEAMS]: JSON.stringify({ client_id: 'app-1', messaging_refresh_token: 'rt-2' }),
      [SLACK]: '{"bot_token":"xoxb-2"}',
    });
  });
});
