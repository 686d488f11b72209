import { describe, expect, it } from 'vitest';
import {
  decodeTenantPartition,
  routeItemContent,
  type StoredItem,
  tenantItemContent,
} from '../../../../shared/adapters/tenants/tenant-items.ts';
import { TenantDataError } from '../../../../shared/tenants/errors.ts';
import { parseTenantFile } from '../../../../shared/tenants/validate-tenant-file.ts';
import { validTenantFile } from '../../tenants/tenant-file-fixture.ts';

const acme = () => parseTenantFile(validTenantFile()).tenants[0]!;
const items = (): StoredItem[] => {
  const tenant = acme();
  return [tenantItemContent(tenant), ...tenant.routes.map((route) => routeItemContent('acme', route))];
};

describe('Function: tenantItemContent', () => {
  it('follows the framework key conventions', () => {
    expect(tenantItemContent(acme())).toMatchObject({
      pk: 'TENANT#acme',
      sk: 'TENANT',
      id: 'TENANT#acme#TENANT',
      code: 'acme',
      name: 'Acme Corporation',
      tenantCode: 'acme',
      type: 'TENANT',
      isDeleted: false,
      attributes: {
        status: 'active',
        route_order: ['payments-to-backend', 'failures-by-mail', 'github-to-slack'],
      },
    });
  });
});

describe('Function: routeItemContent', () => {
  it('keeps the route id in code and the route without it in attributes', () => {
    // Act
    const item = routeItemContent('acme', acme().routes[1]!);

    // Assess
    expect(item).toMatchObject({
      sk: 'ROUTE#failures-by-mail',
      code: 'failures-by-mail',
      name: 'failures-by-mail',
    });
    expect(item.attributes).not.toHaveProperty('route_id');
    expect(item.attributes).not.toHaveProperty('description');
  });
});

describe('Function: decodeTenantPartition', () => {
  it('decodes the profile and the routes in declared order', () => {
    // Act
    const snapshot = decodeTenantPartition(items().reverse());

    // Assess
    const { routes, ...profile } = acme();
    expect(snapshot).toEqual({ profile, routes });
  });

  it('is null without a live tenant item', () => {
    expect(decodeTenantPartition(items().slice(1))).toBeNull();
    expect(
      decodeTenantPartition(items().map((i) => (i.sk === 'TENANT' ? { ...i, isDeleted: true } : i))),
    ).toBeNull();
  });

  it('leaves out routes the tenant item does not list yet, and deleted ones', () => {
    // Prepare
    const stored = items();
    const extra = routeItemContent('acme', { ...acme().routes[0]!, route_id: 'not-committed' });
    const deleted = stored.map((i) => (i.sk === 'ROUTE#failures-by-mail' ? { ...i, isDeleted: true } : i));

    // Act
    const snapshot = decodeTenantPartition([...deleted, extra]);

    // Assess
    expect(snapshot?.routes.map((r) => r.route_id)).toEqual(['payments-to-backend', 'github-to-slack']);
  });

  it('throws a TenantDataError naming the item that does not decode', () => {
    // Prepare
    const stored = items().map((i) =>
      i.sk === 'ROUTE#github-to-slack' ? { ...i, attributes: { enabled: 'yes' } } : i,
    );

    // Act & Assess
    expect(() => decodeTenantPartition(stored)).toThrowError(TenantDataError);
    expect(() => decodeTenantPartition(stored)).toThrowError(
      /TENANT#acme ROUTE#github-to-slack does not decode/,
    );
  });

  it('throws a TenantDataError for attributes the framework moved to S3', () => {
    // Prepare
    const stored = items().map((i) => (i.sk === 'TENANT' ? { ...i, attributes: 's3://bucket/key.json' } : i));

    // Act & Assess
    expect(() => decodeTenantPartition(stored)).toThrowError(/stored outside the item/);
  });
});
