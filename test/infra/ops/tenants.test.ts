import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANTS_FILE } from '../../../infra/local/demo-tenants.ts';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../../infra/local/dynamodb/index.ts';
import { runOps } from './run-ops.ts';

// One dynalite for the file; the tests tell one story, as an operator would: preview, apply, read back.
describe('CLI: ops tenants', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let dir: string;
  const local = () => ['--local', '--dynamodb-endpoint', dynamo.endpoint];
  const items = async () =>
    (await client.send(new ScanCommand({ TableName: localTableNames('local').tenantData }))).Items ?? [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-ops-tenants-'));
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTables(client, 'local');
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('previews an apply with --dry-run and writes nothing', async () => {
    // Act
    const result = await runOps(['tenants', 'apply', DEMO_TENANTS_FILE, ...local(), '--dry-run', '--json']);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, created: 10, updated: 0, deleted: 0 });
    expect(await items()).toEqual([]);
  });

  it('refuses to apply without --yes when standard input is not a terminal, and writes nothing', async () => {
    const result = await runOps(['tenants', 'apply', DEMO_TENANTS_FILE, ...local()]);

    expect(result.status).toBe(3);
    expect(result.stderr).toContain('re-run with --yes');
    expect(result.stderr).toContain('+ route payments-to-backend');
    expect(await items()).toEqual([]);
  });

  it('applies with --yes and reads the tenants back with list and show', async () => {
    // Act
    const applied = await runOps(['tenants', 'apply', DEMO_TENANTS_FILE, ...local(), '--yes']);
    const list = await runOps(['tenants', 'list', ...local(), '--json']);
    const show = await runOps(['tenants', 'show', 'acme', ...local()]);
    const again = await runOps(['tenants', 'apply', DEMO_TENANTS_FILE, ...local()]);

    // Assess
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied: 10 created, 0 updated, 0 deleted, 0 unchanged.');
    expect(JSON.parse(list.stdout).tenants).toEqual([
      expect.objectContaining({ tenant_id: 'acme', status: 'active', routes: 7 }),
      expect.objectContaining({ tenant_id: 'globex', status: 'active', routes: 1 }),
    ]);
    expect(show.stdout).toContain('tenant acme: Acme Corporation (demo) (active)');
    expect(show.stdout).toContain('SLACK  credentials in tsunagi/local/acme/integrations/slack');
    expect(show.stdout).toMatch(
      /payments-to-backend: stripe payment_intent\.\*\n\s+→ http http:\/\/127\.0\.0\.1:9330/,
    );
    // Nothing to change: no question asked, so no --yes needed.
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 to create, 0 to update, 0 to delete, 10 unchanged');
  });

  it('applies a change with --yes and prints only what was applied, never a dry-run line', async () => {
    // Prepare: the demo file with one tenant renamed.
    const file = JSON.parse(await readFile(DEMO_TENANTS_FILE, 'utf8'));
    file.tenants[1].name = 'Globex (renamed)';
    const path = join(dir, 'renamed.json');
    await writeFile(path, JSON.stringify(file));

    // Act
    const applied = await runOps(['tenants', 'apply', path, ...local(), '--yes']);

    // Assess
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated, 0 deleted');
    expect(`${applied.stdout}${applied.stderr}`).not.toContain('Dry run');
    expect(applied.stderr).toBe('');
  });

  it('warns, without failing, about route and integration secrets that do not exist yet', async () => {
    // Prepare: a tenant with an http route and a Slack integration, and a secrets file without their secrets.
    const path = join(dir, 'newco.json');
    await writeFile(
      path,
      JSON.stringify({
        tenants: [
          {
            tenant_id: 'newco',
            name: 'New Co',
            status: 'active',
            integrations: [
              { system: 'SLACK', credentials_secret_arn_or_name: 'tsunagi/local/newco/integrations/slack' },
            ],
            routes: [
              {
                route_id: 'orders',
                match: { provider: 'generic', event_type: '*' },
                destination: {
                  type: 'http',
                  url: 'http://127.0.0.1:9/hooks',
                  signing_secret_name: 'tsunagi/local/newco/routes/orders',
                },
              },
            ],
          },
        ],
      }),
    );
    const secretsFile = join(dir, 'secrets.json');
    await writeFile(secretsFile, '{}\n');

    // Act
    const result = await runOps(['tenants', 'apply', path, ...local(), '--dry-run'], {
      LOCAL_SECRETS_FILE: secretsFile,
    });

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'warning: route orders of newco: secret tsunagi/local/newco/routes/orders does not exist yet',
    );
    expect(result.stdout).toContain(
      'Fix: npm run ops -- secrets put newco route orders --generate --local --yes',
    );
    expect(result.stdout).toContain(
      'Fix: npm run ops -- secrets put newco integration SLACK < creds.json --local --yes',
    );
  });

  it('lists every problem of an invalid file and exits 1', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ tenants: [{ tenant_id: 'ACME', name: '', status: 'on' }] }));

    const result = await runOps(['tenants', 'apply', path, ...local(), '--dry-run']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tenants[0].tenant_id');
    expect(result.stderr).toContain('tenants[0].status');
  });

  it("refuses routes and integrations naming another tenant's secrets, each path listed, writing nothing", async () => {
    // Prepare: tenant a1 names a1-b's route secret (a1-b begins with a1), and a1-b names a1's credentials.
    const http = (route_id: string, secret: string) => ({
      route_id,
      match: { provider: 'generic', event_type: '*' },
      destination: { type: 'http', url: 'http://127.0.0.1:9/hooks', signing_secret_name: secret },
    });
    const path = join(dir, 'crossed.json');
    await writeFile(
      path,
      JSON.stringify({
        tenants: [
          { tenant_id: 'a1', name: 'A1', status: 'on', routes: [http('r', 'tsunagi/local/a1-b/routes/r')] },
          {
            tenant_id: 'a1-b',
            name: 'A1 B',
            status: 'active',
            integrations: [
              { system: 'SLACK', credentials_secret_arn_or_name: 'tsunagi/local/a1/integrations/slack' },
            ],
            routes: [http('r', 'tsunagi/local/a1-b/routes/r')],
          },
        ],
      }),
    );
    const before = (await items()).length;

    // Act
    const result = await runOps(['tenants', 'apply', path, ...local(), '--yes']);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tenants[0].status');
    expect(result.stderr).toMatch(
      /tenants\[0\]\.routes\[0\]\.destination\.signing_secret_name: .*outside tsunagi\/local\/a1\//,
    );
    expect(result.stderr).toMatch(
      /tenants\[1\]\.integrations\[0\]\.credentials_secret_arn_or_name: .*outside tsunagi\/local\/a1-b\//,
    );
    expect(result.stderr).not.toContain('tenants[1].routes[0]');
    expect((await items()).length).toBe(before);
  });

  it('answers an unknown tenant with exit 1', async () => {
    const result = await runOps(['tenants', 'show', 'initech', ...local()]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no tenant "initech"');
  });

  it('exits 2 unless exactly one of --local and --stage is given', async () => {
    const [both, neither, badStage] = await Promise.all([
      runOps(['tenants', 'list', '--local', '--stage', 'dev']),
      runOps(['tenants', 'list']),
      runOps(['tenants', 'list', '--stage', 'qa']),
    ]);

    expect([both.status, neither.status, badStage.status]).toEqual([2, 2, 2]);
    expect(both.stderr).toContain('mutually exclusive');
    expect(neither.stderr).toContain('--local or --stage');
    expect(badStage.stderr).toContain('unknown stage "qa"');
  });

  it('explains an unreachable local platform', async () => {
    const result = await runOps(['tenants', 'list', '--local', '--dynamodb-endpoint', 'http://127.0.0.1:9']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is `npm start` running?');
  });

  it.each([
    ['tenants', 'apply'],
    ['tenants', 'list'],
    ['tenants', 'show'],
  ])('prints the usage of %s %s with --help', async (group, command) => {
    const result = await runOps([group, command, '--help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Usage: npm run ops -- ${group} ${command}`);
    expect(result.stdout).toContain('--json');
  });
});
