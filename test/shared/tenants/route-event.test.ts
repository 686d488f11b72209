import { describe, expect, it } from 'vitest';
import type { TenantDirectory } from '../../../shared/tenants/ports.ts';
import { routeEvent } from '../../../shared/tenants/route-event.ts';
import type { Route, TenantProfile } from '../../../shared/tenants/tenant-file.ts';

const routes: Route[] = [
  {
    route_id: 'stripe',
    match: { provider: 'stripe', event_type: '*' },
    enabled: true,
    destination: { type: 'email', to: ['a@acme.example'], subject_template: 's', template: 't' },
  },
];

const directory = (profile: TenantProfile | null): TenantDirectory => ({
  getTenant: async () => profile,
  getRoutes: async () => (profile ? routes : []),
});

const profile = (status: TenantProfile['status']): TenantProfile => ({
  tenant_id: 'acme',
  name: 'Acme',
  status,
  integrations: [],
});

describe('Function: routeEvent', () => {
  it('routes an active tenant’s event to its matching routes', async () => {
    // Act
    const decision = await routeEvent(directory(profile('active')), 'acme', {
      provider: 'stripe',
      event_type: 'x',
    });

    // Assess
    expect(decision.routes.map((r) => r.route_id)).toEqual(['stripe']);
  });

  it('routes nothing for a suspended tenant but says who it is', async () => {
    // Act
    const decision = await routeEvent(directory(profile('suspended')), 'acme', {
      provider: 'stripe',
      event_type: 'x',
    });

    // Assess
    expect(decision).toEqual({ tenant: profile('suspended'), routes: [] });
  });

  it('routes nothing for an unknown tenant', async () => {
    expect(await routeEvent(directory(null), 'ghost', { provider: 'stripe', event_type: 'x' })).toEqual({
      tenant: null,
      routes: [],
    });
  });
});
