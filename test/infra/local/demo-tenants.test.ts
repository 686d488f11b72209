import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_TENANTS_FILE, httpRoutePaths, localizeTenantFile } from '../../../infra/local/demo-tenants.ts';
import { DEMO_SECRETS_FILE, LOCAL_SECRET_PREFIX, LocalSecrets } from '../../../infra/local/local-secrets.ts';
import { seedLocalSync } from '../../../infra/local/sync/seed.ts';
import { startFakeVendors } from '../../../infra/local/vendors/index.ts';
import type { ChatSystem } from '../../../shared/tenants/destinations.ts';

/** Integrations whose credentials the fake vendors issue when local mode starts. */
const VENDOR_ISSUED: readonly ChatSystem[] = ['TEAMS', 'LINE_WORKS'];

describe('Module: demo tenants', () => {
  it('is a valid tenant file whose routes use only secrets the local secrets file holds', async () => {
    // Act
    const { file, path } = await localizeTenantFile(DEMO_TENANTS_FILE, new Map());

    // Assess: Teams and LINE WORKS credentials are issued by the fake vendors at start (next test).
    expect(path).toBe(DEMO_TENANTS_FILE);
    const secrets = LocalSecrets.load();
    const names = file.tenants.flatMap((tenant) => [
      ...tenant.integrations
        .filter((i) => !VENDOR_ISSUED.includes(i.system))
        .map((i) => i.credentials_secret_arn_or_name),
      ...tenant.routes.flatMap((r) =>
        r.destination.type === 'http' ? [r.destination.signing_secret_name] : [],
      ),
    ]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(secrets.valuesOf(name), name).not.toEqual([]);
  });

  it('gets its Teams and LINE WORKS credentials and chat channels from the fake vendors', async () => {
    // Prepare
    const vendors = await startFakeVendors();
    const stateDir = await mkdtemp(join(tmpdir(), 'tsunagi-demo-tenants-'));
    const secretsFile = join(stateDir, 'secrets.json');
    await copyFile(DEMO_SECRETS_FILE, secretsFile);
    try {
      // Act
      const { credentialsFile } = await seedLocalSync({
        vendors,
        tenantsFile: DEMO_TENANTS_FILE,
        secretsFile,
        secretPrefix: LOCAL_SECRET_PREFIX,
        stateDir,
        addIntegrations: false,
      });

      // Assess: written into the instance's own secrets file, the demo entries kept.
      expect(credentialsFile).toBe(secretsFile);
      const credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as Record<string, string>;
      const demo = JSON.parse(await readFile(DEMO_SECRETS_FILE, 'utf8')) as Record<string, string>;
      expect(credentials['tsunagi/local/acme/webhooks/stripe']).toBe(
        demo['tsunagi/local/acme/webhooks/stripe'],
      );
      const { file } = await localizeTenantFile(DEMO_TENANTS_FILE, new Map());
      const acme = file.tenants.find((tenant) => tenant.tenant_id === 'acme')!;
      const issued = acme.integrations.filter((i) => VENDOR_ISSUED.includes(i.system));
      expect(issued.map((i) => i.system).sort()).toEqual(['LINE_WORKS', 'TEAMS']);
      for (const { credentials_secret_arn_or_name: name } of issued)
        expect(credentials[name], name).toBeDefined();
      const data = vendors.data('acme');
      const lineWorks = acme.integrations.find((i) => i.system === 'LINE_WORKS')!;
      expect(lineWorks.settings.bot_id).toBe(data.lineworks.bot.botId);
      for (const route of acme.routes) {
        if (route.destination.type !== 'chat' || route.destination.system === 'SLACK') continue;
        const channelId = route.destination.channel_id;
        if (route.destination.system === 'LINE_WORKS') {
          expect(data.lineworks.bot.channelIds, route.route_id).toContain(channelId);
        } else {
          const [teamId, channel] = channelId.split('/');
          const team = data.msgraph.teams.find((t) => t.team.id === teamId);
          expect(
            team?.channels.find((c) => c.id === channel && c.isArchived === false),
            route.route_id,
          ).toBeDefined();
        }
      }
    } finally {
      await vendors.stop();
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it('never writes the committed demo secrets', async () => {
    const vendors = await startFakeVendors();
    try {
      await expect(
        seedLocalSync({
          vendors,
          tenantsFile: DEMO_TENANTS_FILE,
          secretsFile: DEMO_SECRETS_FILE,
          secretPrefix: LOCAL_SECRET_PREFIX,
          stateDir: tmpdir(),
          addIntegrations: true,
        }),
      ).rejects.toThrow(/never written/);
    } finally {
      await vendors.stop();
    }
  });

  it('points the routes at the fakes as bound, in a temporary copy it removes afterwards', async () => {
    // Act
    const localized = await localizeTenantFile(
      DEMO_TENANTS_FILE,
      new Map([['http://127.0.0.1:9330', 'http://127.0.0.1:41000']]),
    );

    // Assess
    try {
      expect(localized.path).not.toBe(DEMO_TENANTS_FILE);
      const paths = httpRoutePaths(localized.file, 'http://127.0.0.1:41000');
      expect(Object.fromEntries(paths)).toEqual({
        '/acme/payments': 'tsunagi/local/acme/routes/payments-to-backend',
        '/globex/events': 'tsunagi/local/globex/routes/everything-to-backend',
      });
      expect(await readFile(localized.path, 'utf8')).not.toContain('127.0.0.1:9330');
    } finally {
      await localized.cleanup();
    }
    await expect(readFile(localized.path)).rejects.toThrow();
  });
});

describe('Class: LocalSecrets', () => {
  it('gives the values of a plain or JSON secret and validates only webhook signing secrets', () => {
    const secrets = LocalSecrets.load();

    expect(secrets.valuesOf('tsunagi/local/acme/integrations/slack')[0]).toMatch(/^xoxb-/);
    expect(secrets.valuesOf('tsunagi/local/acme/webhooks/stripe')).toHaveLength(2);
    expect(secrets.valuesOf('tsunagi/local/nothing')).toEqual([]);
    expect(secrets.tenants()).toEqual(['acme', 'globex']);
  });
});
