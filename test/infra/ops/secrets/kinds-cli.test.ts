import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SECRETS_FILE } from '../../../../infra/local/local-secrets.ts';
import { loadSecretsFile } from '../../../../shared/adapters/kernel/file-secret-store.ts';
import { parseRouteSigningSecrets } from '../../../../shared/delivery/destinations/standard-signature.ts';
import { fingerprint } from '../../../../shared/ops/secrets/signing-secret-list.ts';
import { runOps } from '../run-ops.ts';

const dir = mkdtempSync(join(tmpdir(), 'ops-secrets-kinds-'));
const file = join(dir, 'secrets.json');
const env = { LOCAL_SECRETS_FILE: file };
const ROUTE = 'tsunagi/local/newco/routes/orders';
const SLACK = 'tsunagi/local/newco/integrations/slack';
const stored = (name: string): string | undefined => {
  const value = loadSecretsFile(file)[name];
  return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
};
const slackCreds = JSON.stringify({
  client_id: 'cid',
  client_secret: 'slack-client-secret-value',
  refresh_token: 'xoxe-refresh-value',
});

describe('npm run ops -- secrets, route and integration kinds', () => {
  beforeEach(() => copyFileSync(DEMO_SECRETS_FILE, file));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a route signing secret the worker can read, never printing it; show gives its fingerprint', async () => {
    const put = await runOps(
      ['secrets', 'put', 'newco', 'route', 'orders', '--generate', '--local', '--yes'],
      env,
    );
    expect(put.status, put.stderr).toBe(0);
    const [secret] = parseRouteSigningSecrets(stored(ROUTE)!);
    expect(secret).toMatch(/^whsec_/);
    expect(put.stdout + put.stderr).not.toContain(secret);
    const show = await runOps(['secrets', 'show', 'newco', 'route', 'orders', '--local', '--json'], env);
    expect(JSON.parse(show.stdout)).toMatchObject({
      name: ROUTE,
      count: 1,
      fingerprints: [fingerprint(secret!)],
    });
    expect(show.stdout).not.toContain(secret);
  });

  it('refuses a route secret that is not a Standard Webhooks secret (exit 2), writing nothing', async () => {
    const result = await runOps(
      ['secrets', 'put', 'newco', 'route', 'orders', '--from-stdin', '--local', '--yes'],
      env,
      'plain-password\n',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('whsec_');
    expect(stored(ROUTE)).toBeUndefined();
  });

  it('puts integration credentials from standard input, showing fields and fingerprints only', async () => {
    const put = await runOps(
      ['secrets', 'put', 'newco', 'integration', 'SLACK', '--local', '--yes'],
      env,
      slackCreds,
    );
    expect(put.status, put.stderr).toBe(0);
    expect(JSON.parse(stored(SLACK)!)).toEqual(JSON.parse(slackCreds));
    expect(put.stdout).toContain('warning: no bot_token');
    const show = await runOps(['secrets', 'show', 'newco', 'integration', 'slack', '--local', '--json'], env);
    expect(show.status, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).fields).toContainEqual({
      name: 'client_secret',
      fingerprint: fingerprint('slack-client-secret-value'),
    });
    for (const output of [put.stdout, put.stderr, show.stdout]) {
      expect(output).not.toContain('slack-client-secret-value');
      expect(output).not.toContain('xoxe-refresh-value');
    }
  });

  it('refuses credentials the sync could not use (exit 2) and a dry run writes nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const [bad, dry] = await Promise.all([
      runOps(
        ['secrets', 'put', 'newco', 'integration', 'TEAMS', '--local', '--yes'],
        env,
        '{"client_id":"c"}',
      ),
      runOps(
        ['secrets', 'put', 'newco', 'integration', 'SLACK', '--local', '--dry-run', '--json'],
        env,
        slackCreds,
      ),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/tenant_id: is required/);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, applied: false, name: SLACK });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('keeps --name inside the tenant namespace and explains each group and kind (exit 2 for bad input)', async () => {
    const [outside, unknownKind, retire, group] = await Promise.all([
      runOps(
        [
          'secrets',
          'put',
          'newco',
          'route',
          'orders',
          '--generate',
          '--local',
          '--yes',
          '--name',
          'tsunagi/local/newco-b/routes/orders',
        ],
        env,
      ),
      runOps(['secrets', 'show', 'newco', 'vault', 'x', '--local'], env),
      runOps(['secrets', 'retire', 'newco', 'integration', 'SLACK', '--local', '--yes'], env),
      runOps(['secrets', '--help']),
    ]);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('outside tsunagi/local/newco/');
    expect(unknownKind.status).toBe(2);
    expect(retire.status).toBe(2);
    expect(group.status).toBe(0);
    expect(group.stdout).toMatch(/route <route id>[\s\S]*integration <SYSTEM>/);
  });
});
