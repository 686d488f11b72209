import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_TENANTS_FILE, httpRoutePaths, localizeTenantFile } from '../../infra/local/demo-tenants.ts';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';

describe('Module: demo tenants', () => {
  it('is a valid tenant file whose routes use only secrets the local secrets file holds', async () => {
    // Act
    const { file, path } = await localizeTenantFile(DEMO_TENANTS_FILE, new Map());

    // Assess
    expect(path).toBe(DEMO_TENANTS_FILE);
    const secrets = LocalSecrets.load();
    const names = file.tenants.flatMap((tenant) => [
      ...tenant.integrations.map((i) => i.credentials_secret_arn_or_name),
      ...tenant.routes.flatMap((r) =>
        r.destination.type === 'http' ? [r.destination.signing_secret_name] : [],
      ),
    ]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(secrets.valuesOf(name), name).not.toEqual([]);
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
