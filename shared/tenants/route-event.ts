import { matchRoutes, type RoutableEvent } from './match-routes.ts';
import type { TenantDirectory } from './ports.ts';
import type { Route, TenantProfile } from './tenant-file.ts';

/** The router's question: which of the tenant's routes does this event go to? */
export interface RoutingDecision {
  /** null for a tenant that is not in the master data. */
  readonly tenant: TenantProfile | null;
  /** Empty unless the tenant is active; else its enabled matching routes in declared order. */
  readonly routes: readonly Route[];
}

/** Resolves an event's routes through the directory; a suspended or unknown tenant gets none. */
export const routeEvent = async (
  directory: TenantDirectory,
  tenantId: string,
  event: RoutableEvent,
): Promise<RoutingDecision> => {
  const tenant = await directory.getTenant(tenantId);
  if (tenant?.status !== 'active') return { tenant, routes: [] };
  return { tenant, routes: matchRoutes(await directory.getRoutes(tenantId), event) };
};
