import type { RoutableEvent } from './match-routes.ts';
import type { TenantDirectory } from './ports.ts';
import { type RouteMiss, selectRoutes } from './select-routes.ts';
import type { Route, TenantProfile } from './tenant-file.ts';

/** The router's question: which of the tenant's routes does this event go to? */
export interface RoutingDecision {
  /** null for a tenant that is not in the master data. */
  readonly tenant: TenantProfile | null;
  /** Empty unless the tenant is active; else its enabled matching routes in declared order. */
  readonly routes: readonly Route[];
  /** For an active tenant: each of its other routes and why it did not match. */
  readonly missed?: readonly RouteMiss[];
}

/** No document: for callers whose tenants' routes have no filters (a filtered route then never matches). */
const noDocument = (): Promise<unknown> => Promise.resolve(undefined);

/**
 * Resolves an event's routes through the directory; a suspended or unknown tenant gets none. `document`
 * gives the route document filters are evaluated on; it is only called when a candidate route has a filter.
 */
export const routeEvent = async (
  directory: TenantDirectory,
  tenantId: string,
  event: RoutableEvent,
  document: () => Promise<unknown> = noDocument,
): Promise<RoutingDecision> => {
  const tenant = await directory.getTenant(tenantId);
  if (tenant?.status !== 'active') return { tenant, routes: [] };
  const { matched, missed } = await selectRoutes(await directory.getRoutes(tenantId), event, document);
  return { tenant, routes: matched, missed };
};
