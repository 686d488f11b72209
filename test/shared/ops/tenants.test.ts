import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/ops/errors.ts';
import {
  applyTenants,
  hasChanges,
  listTenants,
  planTenantApply,
  showTenant,
} from '../../../shared/ops/tenants.ts';
import type { ApplyResult } from '../../../shared/tenants/apply-result.ts';
import type { ApplyOptions, TenantWriter } from '../../../shared/tenants/ports.ts';
import type { Route, Tenant, TenantProfile } from '../../../shared/tenants/tenant-file.ts';

const target = { label: 'local (test)', stage: 'local' };

const profile = (tenant_id: string): TenantProfile => ({
  tenant_id,
  name: `${tenant_id} corp`,
  status: 'active',
  integrations: [],
});

const route = (route_id: string): Route => ({
  route_id,
  enabled: true,
  match: { provider: 'stripe', event_type: '*' },
  destination: { type: 'email', to: ['ops@example.test'], subject_template: 's', template: 't' },
});

const directory = (tenants: Record<string, readonly Route[]>) => ({
  listTenants: async () => Object.keys(tenants).map(profile),
  getTenant: async (id: string) => (tenants[id] ? profile(id) : null),
  getRoutes: async (id: string) => tenants[id] ?? [],
});

/** A writer that records what it was asked to do and reports one creation per tenant. */
const recordingWriter = () => {
  const calls: { tenants: string[]; dryRun: boolean }[] = [];
  const writer: TenantWriter = {
    apply: async (tenants: readonly Tenant[], { dryRun }: ApplyOptions): Promise<ApplyResult> => {
      calls.push({ tenants: tenants.map((tenant) => tenant.tenant_id), dryRun });
      const diffs = tenants.map((tenant) => ({
        tenantId: tenant.tenant_id,
        action: 'create' as const,
        items: [],
      }));
      return { dryRun, created: tenants.length, updated: 0, deleted: 0, unchanged: 0, tenants: diffs };
    },
  };
  return { writer, calls };
};

const fileText = JSON.stringify({
  tenants: [
    { tenant_id: 'acme', name: 'Acme', status: 'active', integrations: [], routes: [route('orders')] },
  ],
});

describe('Function: listTenants', () => {
  it('lists every tenant with its route count', async () => {
    // Act
    const output = await listTenants({
      target,
      directory: directory({ acme: [route('a'), route('b')], globex: [] }),
    });

    // Assess
    expect(output.target).toBe('local (test)');
    expect(output.tenants.map((tenant) => [tenant.tenant_id, tenant.routes])).toEqual([
      ['acme', 2],
      ['globex', 0],
    ]);
  });
});

describe('Function: showTenant', () => {
  it('returns the tenant with its routes, and NotFoundError for an unknown one', async () => {
    // Prepare
    const ports = { target, directory: directory({ acme: [route('orders')] }) };

    // Act
    const output = await showTenant(ports, { tenantId: 'acme' });

    // Assess
    expect(output).toMatchObject({ target: 'local (test)', tenant: { tenant_id: 'acme' } });
    expect(output.routes.map((r) => r.route_id)).toEqual(['orders']);
    await expect(showTenant(ports, { tenantId: 'initech' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('Function: planTenantApply / applyTenants', () => {
  it('plans without writing, then applies the same tenants', async () => {
    // Prepare
    const { writer, calls } = recordingWriter();

    // Act
    const plan = await planTenantApply({ target, writer, secretPrefix: 'tsunagi/local' }, { fileText });
    const applied = await applyTenants({ target, writer, secretPrefix: 'tsunagi/local' }, { fileText });

    // Assess
    expect(plan).toMatchObject({ target: 'local (test)', dryRun: true, created: 1 });
    expect(hasChanges(plan)).toBe(true);
    expect(applied).toMatchObject({ dryRun: false, created: 1 });
    expect(calls).toEqual([
      { tenants: ['acme'], dryRun: true },
      { tenants: ['acme'], dryRun: false },
    ]);
  });

  it('rejects an invalid file before the writer is asked anything', async () => {
    // Prepare
    const { writer, calls } = recordingWriter();
    const bad = JSON.stringify({ tenants: [{ tenant_id: 'ACME', name: '', status: 'on' }] });

    // Act
    const plan = planTenantApply({ target, writer, secretPrefix: 'tsunagi/local' }, { fileText: bad });

    // Assess
    await expect(plan).rejects.toThrow(/tenants\[0\]\.tenant_id/);
    expect(calls).toEqual([]);
  });
});
