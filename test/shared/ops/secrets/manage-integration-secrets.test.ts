import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore, loadSecretsFile } from '../../../../shared/adapters/kernel/file-secret-store.ts';
import {
  changeIntegrationSecret,
  showIntegrationSecret,
} from '../../../../shared/ops/secrets/manage-integration-secrets.ts';

const NAME = 'tsunagi/local/acme/integrations/slack';
const creds = (refresh: string) =>
  JSON.stringify({ client_id: 'c', client_secret: 's', refresh_token: refresh });

describe('Module: manage-integration-secrets (local secrets file)', () => {
  let dir: string;
  let file: string;
  let store: FileSecretStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-integration-'));
    file = join(dir, 'secrets.json');
    writeFileSync(file, '{}\n');
    store = new FileSecretStore(file);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('puts, refuses a second put, rotates, and refuses an unchanged value', async () => {
    const put = await changeIntegrationSecret(store, {
      name: NAME,
      system: 'SLACK',
      action: 'put',
      value: creds('r1'),
    });
    expect(put.applied).toBe(true);
    expect(JSON.parse(loadSecretsFile(file)[NAME] as string)).toMatchObject({ refresh_token: 'r1' });
    await expect(
      changeIntegrationSecret(store, { name: NAME, system: 'SLACK', action: 'put', value: creds('r2') }),
    ).rejects.toThrow(/secrets rotate/);
    await changeIntegrationSecret(store, {
      name: NAME,
      system: 'SLACK',
      action: 'rotate',
      value: creds('r2'),
    });
    expect((await showIntegrationSecret(store, NAME, 'SLACK'))?.check.problems).toEqual([]);
    await expect(
      changeIntegrationSecret(store, { name: NAME, system: 'SLACK', action: 'rotate', value: creds('r2') }),
    ).rejects.toThrow(/nothing to change/);
  });

  it('writes nothing for a dry run, for unusable credentials or a rotate of a missing secret', async () => {
    const dry = await changeIntegrationSecret(
      store,
      { name: NAME, system: 'SLACK', action: 'put', value: creds('r1') },
      { dryRun: true },
    );
    expect(dry.applied).toBe(false);
    await expect(
      changeIntegrationSecret(store, {
        name: NAME,
        system: 'SLACK',
        action: 'put',
        value: '{"client_id":"c"}',
      }),
    ).rejects.toThrow(/cannot be used/);
    await expect(
      changeIntegrationSecret(store, { name: NAME, system: 'SLACK', action: 'rotate', value: creds('r1') }),
    ).rejects.toThrow(/secrets put/);
    expect(loadSecretsFile(file)).toEqual({});
  });
});
