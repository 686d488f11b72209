import { describe, expect, it } from 'vitest';
import { withSyncIntegrations } from '../../../../infra/local/sync/seed.ts';

const FILE = JSON.stringify({
  tenants: [
    {
      tenant_id: 'acme',
      status: 'active',
      integrations: [
        { system: 'SLACK', credentials_secret_arn_or_name: 'tsunagi/local/acme/integrations/slack' },
      ],
      routes: [{ route_id: 'r1' }],
    },
    { tenant_id: 'globex', status: 'active' },
    { tenant_id: 'initech', status: 'active' },
  ],
});

describe('withSyncIntegrations', () => {
  it('adds an integration per chat system for the tenants the fake vendors serve, keeping declared ones', () => {
    const { text, integrations } = withSyncIntegrations(FILE, ['acme', 'globex'], 'tsunagi/local');
    const file = JSON.parse(text) as {
      tenants: { tenant_id: string; integrations?: unknown[]; routes?: unknown[] }[];
    };
    expect(file.tenants[0]!.integrations).toHaveLength(3);
    expect(file.tenants[0]!.routes).toEqual([{ route_id: 'r1' }]);
    expect(file.tenants[2]!.integrations).toBeUndefined();
    expect(integrations).toContainEqual({
      tenantId: 'acme',
      system: 'SLACK',
      secretName: 'tsunagi/local/acme/integrations/slack',
    });
    expect(integrations).toContainEqual({
      tenantId: 'globex',
      system: 'LINE_WORKS',
      secretName: 'tsunagi/local/globex/integrations/line-works',
    });
    expect(integrations).toHaveLength(6);
  });

  it('only reports the declared integrations when asked not to add any', () => {
    const { integrations } = withSyncIntegrations(FILE, ['acme', 'globex'], 'tsunagi/local', false);
    expect(integrations).toEqual([
      { tenantId: 'acme', system: 'SLACK', secretName: 'tsunagi/local/acme/integrations/slack' },
    ]);
  });
});
