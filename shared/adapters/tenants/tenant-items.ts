import * as z from 'zod';
import { TenantDataError } from '../../tenants/errors.ts';
import {
  type Route,
  RouteSchema,
  type Tenant,
  type TenantProfile,
  TenantSchema,
} from '../../tenants/tenant-file.ts';

/*
 * Item design, in the framework's data-table shape (id = pk#sk, code, name, version, tenantCode, type,
 * attributes, isDeleted, audit fields):
 *   tenant  pk TENANT#<tenant_id>  sk TENANT            code tenant_id  name tenant name       type TENANT
 *           attributes { status, integrations, route_order }
 *   route   pk TENANT#<tenant_id>  sk ROUTE#<route_id>  code route_id   name description|id    type ROUTE
 *           attributes { description?, match, destination, enabled }
 * tenantCode is the tenant id; the pk ends with it because the framework takes the tenant from the pk's last
 * segment. One partition per tenant, so the router reads a tenant and all its routes with one Query, and one
 * item per route, so changing a route rewrites that item only. The tenant item is the commit point: readers
 * use the routes its route_order lists, in that order, so routes written before it stay invisible until it
 * lists them and a dropped route stops matching as soon as it is rewritten. Dropped routes are soft-deleted
 * (isDeleted = true), the framework's convention.
 */

export const TENANT_SK = 'TENANT';
const ROUTE_SK_PREFIX = 'ROUTE#';

/** The partition key of a tenant's items. */
export const tenantPk = (tenantId: string): string => `TENANT#${tenantId}`;
export const routeSk = (routeId: string): string => `${ROUTE_SK_PREFIX}${routeId}`;
export const isRouteSk = (sk: string): boolean => sk.startsWith(ROUTE_SK_PREFIX);

/** The fields of an item the tenant writer decides; the framework adds version and audit fields. */
export type ItemContent = {
  readonly pk: string;
  readonly sk: string;
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly tenantCode: string;
  readonly type: 'TENANT' | 'ROUTE';
  readonly isDeleted: boolean;
  readonly attributes: Record<string, unknown>;
};

/** An item as read back from the data table (unmarshalled); only pk and sk are certain. */
export type StoredItem = Record<string, unknown> & { readonly pk: string; readonly sk: string };

// Stored attributes go through DynamoDB, which drops undefined; compare and write the same normal form.
const normalize = (value: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value));

const content = (
  tenantId: string,
  sk: string,
  rest: Omit<ItemContent, 'pk' | 'sk' | 'id' | 'tenantCode'>,
) => ({
  pk: tenantPk(tenantId),
  sk,
  id: `${tenantPk(tenantId)}#${sk}`,
  tenantCode: tenantId,
  ...rest,
});

/** The tenant item a declared tenant should have. */
export const tenantItemContent = (tenant: Tenant): ItemContent =>
  content(tenant.tenant_id, TENANT_SK, {
    code: tenant.tenant_id,
    name: tenant.name,
    type: 'TENANT',
    isDeleted: false,
    attributes: normalize({
      status: tenant.status,
      integrations: tenant.integrations,
      route_order: tenant.routes.map((route) => route.route_id),
    }),
  });

/** The route item a declared route should have. */
export const routeItemContent = (tenantId: string, route: Route): ItemContent => {
  const { route_id, ...attributes } = route;
  return content(tenantId, routeSk(route_id), {
    code: route_id,
    name: route.description ?? route_id,
    type: 'ROUTE',
    isDeleted: false,
    attributes: normalize(attributes),
  });
};

const StoredTenantSchema = TenantSchema.omit({ routes: true }).extend({ route_order: z.array(z.string()) });

const attributesOf = (item: StoredItem): Record<string, unknown> => {
  if (typeof item.attributes === 'string') {
    // The framework moves attributes over ATTRIBUTE_LIMIT_SIZE to S3; the writer keeps them under it.
    throw new TenantDataError(
      `${item.pk} ${item.sk}: attributes are stored outside the item (${item.attributes})`,
    );
  }
  const { attributes } = item;
  return typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>) : {};
};

const decode = <T>(schema: z.ZodType<T>, value: unknown, item: StoredItem): T => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new TenantDataError(`${item.pk} ${item.sk} does not decode: ${problems}`, { cause: parsed.error });
};

const isLive = (item: StoredItem | undefined): item is StoredItem =>
  item !== undefined && item.isDeleted !== true;

/** A tenant as stored: its profile and its routes in declared order. */
export interface TenantSnapshot {
  readonly profile: TenantProfile;
  readonly routes: readonly Route[];
}

/** Decodes one tenant partition; null when it has no live tenant item. Throws `TenantDataError`. */
export const decodeTenantPartition = (items: readonly StoredItem[]): TenantSnapshot | null => {
  const bySk = new Map(items.map((item) => [item.sk, item]));
  const tenantItem = bySk.get(TENANT_SK);
  if (!isLive(tenantItem)) return null;
  const stored = { ...attributesOf(tenantItem), tenant_id: tenantItem.code, name: tenantItem.name };
  const { route_order, ...profile } = decode(StoredTenantSchema, stored, tenantItem);
  const routes = route_order
    .map((routeId) => bySk.get(routeSk(routeId)))
    .filter(isLive)
    .map((item) => decode(RouteSchema, { ...attributesOf(item), route_id: item.code }, item));
  return { profile, routes };
};
