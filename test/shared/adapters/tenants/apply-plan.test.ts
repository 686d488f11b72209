import { describe, expect, it } from 'vitest';
import { planTenant } from '../../../../shared/adapters/tenants/apply-plan.ts';
import {
  routeItemContent,
  type StoredItem,
  tenantItemContent,
} from '../../../../shared/adapters/tenants/tenant-items.ts';
import type { Tenant } from '../../../../shared/tenants/tenant-file.ts';
import { parseTenantFile } from '../../../../shared/tenants/validate-tenant-file.ts';
import { validTenantFile } from '../../tenants/tenant-file-fixture.ts';

const acme = (): Tenant => parseTenantFile(validTenantFile()).tenants[0]!;

// What the data table holds after `tenant` was applied once: the planned content plus framework fields.
const stored = (tenant: Tenant, version = 1): StoredItem[] => [
  { ...tenantItemContent(tenant), version, createdAt: '2026-01-01T00:00:00+00:00' },
  ...tenant.routes.map((route) => ({ ...routeItemContent(tenant.tenant_id, route), version })),
];

const actions = (plan: ReturnType<typeof planTenant>) =>
  plan.diff.items.map((i) => `${i.action} ${i.kind} ${i.id}`);

describe('Function: planTenant', () => {
  it('creates every item of a new tenant, routes before the tenant item', () => {
    // Act
    const plan = planTenant(acme(), []);

    // Assess
    expect(plan.diff.action).toBe('create');
    expect(actions(plan)).toEqual([
      'create tenant acme',
      'create route payments-to-backend',
      'create route failures-by-mail',
      'create route github-to-slack',
    ]);
    expect(plan.writes.map((w) => w.content.sk)).toEqual([
      'ROUTE#payments-to-backend',
      'ROUTE#failures-by-mail',
      'ROUTE#github-to-slack',
      'TENANT',
    ]);
    expect(plan.writes.every((w) => w.expectedVersion === 0)).toBe(true);
  });

  it('writes nothing when the stored items already match', () => {
    // Act
    const plan = planTenant(acme(), stored(acme()));

    // Assess
    expect(plan.diff.action).toBe('unchanged');
    expect(plan.writes).toEqual([]);
  });

  it('rewrites only the changed route, against its stored version, with field-level changes', () => {
    // Prepare
    const tenant = acme();
    const current = stored(tenant, 3);
    const destination = tenant.routes[0]!.destination;
    if (destination.type !== 'http') throw new Error('fixture changed');
    destination.url = 'https://billing-v2.acme.example/hook';

    // Act
    const plan = planTenant(tenant, current);

    // Assess
    expect(plan.diff.action).toBe('update');
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]).toMatchObject({
      expectedVersion: 3,
      content: { sk: 'ROUTE#payments-to-backend' },
    });
    expect(plan.diff.items[1]!.changes).toEqual([
      {
        path: 'destination.url',
        before: 'https://billing.acme.example/webhooks/tsunagi',
        after: 'https://billing-v2.acme.example/hook',
      },
    ]);
  });

  it('soft-deletes a route the tenant no longer declares, after rewriting the route order', () => {
    // Prepare
    const tenant = acme();
    const current = stored(tenant);
    tenant.routes.pop();

    // Act
    const plan = planTenant(tenant, current);

    // Assess
    expect(actions(plan)).toContain('delete route github-to-slack');
    expect(plan.writes.map((w) => [w.content.sk, w.content.isDeleted])).toEqual([
      ['TENANT', false],
      ['ROUTE#github-to-slack', true],
    ]);
  });

  it('recreates a soft-deleted route against its stored version', () => {
    // Prepare
    const tenant = acme();
    const current = stored(tenant, 2).map((item) =>
      item.sk === 'ROUTE#failures-by-mail' ? { ...item, isDeleted: true } : item,
    );

    // Act
    const plan = planTenant(tenant, current);

    // Assess
    expect(actions(plan)).toContain('create route failures-by-mail');
    expect(plan.writes).toEqual([expect.objectContaining({ expectedVersion: 2 })]);
  });

  it('ignores soft-deleted routes that stay undeclared', () => {
    // Prepare
    const tenant = acme();
    const gone = {
      ...routeItemContent('acme', { ...tenant.routes[0]!, route_id: 'gone' }),
      isDeleted: true,
      version: 4,
    };

    // Act
    const plan = planTenant(tenant, [...stored(tenant), gone]);

    // Assess
    expect(plan.diff.action).toBe('unchanged');
  });

  it('rewrites only the tenant item when routes are reordered', () => {
    // Prepare
    const tenant = acme();
    const current = stored(tenant);
    tenant.routes.reverse();

    // Act
    const plan = planTenant(tenant, current);

    // Assess
    expect(plan.writes.map((w) => w.content.sk)).toEqual(['TENANT']);
    expect(plan.diff.items[0]!.changes.map((c) => c.path)).toEqual(['route_order[0]', 'route_order[2]']);
  });
});
