import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRETS_FILE, LocalSecrets } from '../../../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../../../infra/local/platform.ts';
import { sendRequest, signRequest } from '../../../../infra/local/signed-request.ts';
import { FREE_PORTS } from '../../../support/free-ports.ts';
import { runOps } from '../run-ops.ts';

/**
 * The operator's rotation, end to end: `ops secrets rotate` and `retire` on the local secrets file while the
 * receiver runs, and what the receiver then accepts. The tenant starts with a single secret (globex).
 */

const TENANT = 'globex';
const PROVIDER = 'generic';

describe('ops secrets: rotation keeps old and new signatures valid until retired', () => {
  let platform: LocalPlatform;
  let dir: string;
  let file: string;

  const current = (): readonly string[] =>
    LocalSecrets.load(file, platform.secretPrefix).secretsFor(TENANT, PROVIDER);

  const statusWith = async (secret: string): Promise<number> => {
    const request = signRequest({
      baseUrl: platform.baseUrl,
      provider: PROVIDER,
      tenantId: TENANT,
      secret,
      body: Buffer.from(JSON.stringify({ id: `evt_${Date.now()}_${Math.random()}`, type: 'ops.rotation' })),
      contentType: 'application/json',
    });
    return (await sendRequest(request)).status;
  };

  /** The receiver re-checks the file about once a second: poll until it answers as expected. */
  const eventually = async (secret: string, expected: number): Promise<number> => {
    const deadline = Date.now() + 5_000;
    let status = await statusWith(secret);
    while (status !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await statusWith(secret);
    }
    return status;
  };

  const ops = (...args: string[]) =>
    runOps(['secrets', ...args, TENANT, PROVIDER, '--local', '--yes', '--json'], {
      LOCAL_SECRETS_FILE: file,
      SECRET_PREFIX: platform.secretPrefix,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ops-secrets-e2e-'));
    file = join(dir, 'secrets.json');
    copyFileSync(DEMO_SECRETS_FILE, file);
    platform = await startLocal({
      ...FREE_PORTS,
      consumers: false,
      sync: false,
      tenantsFile: false,
      logLevel: 'SILENT',
      secretsFile: file,
    });
  });

  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts old and new after rotate, only new after retire', async () => {
    // Prepare
    const [old] = current();
    expect(current()).toHaveLength(1);
    expect(await statusWith(old!)).toBe(202);

    // Act: rotate with a generated secret
    const rotated = await ops('rotate', '--generate');

    // Assess
    expect(rotated.status, rotated.stderr).toBe(0);
    const afterRotate = current();
    expect(afterRotate).toHaveLength(2);
    expect(afterRotate[1]).toBe(old);
    const fresh = afterRotate[0]!;
    expect(rotated.stdout + rotated.stderr).not.toContain(fresh);
    expect(await eventually(fresh, 202)).toBe(202);
    expect(await statusWith(old!)).toBe(202);

    // Act: retire the previous secret
    const retired = await ops('retire');

    // Assess
    expect(retired.status, retired.stderr).toBe(0);
    expect(current()).toEqual([fresh]);
    expect(await eventually(old!, 401)).toBe(401);
    expect(await statusWith(fresh)).toBe(202);
  });
});
