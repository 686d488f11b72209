import type { EndpointHealth } from '../../delivery/health/endpoint-health.ts';
import type { EndpointRef } from '../../delivery/health/ports.ts';
import { NotFoundError } from '../errors.ts';
import type { EndpointOpsPorts } from './ports.ts';

/** A destination that exists: its tenant and route are declared, or it still has a health record. */
export interface ResolvedEndpoint {
  readonly ref: EndpointRef;
  /** Null when the destination never failed (no record: healthy). */
  readonly health: EndpointHealth | null;
}

/**
 * Finds a destination, or throws `NotFoundError` naming what is unknown. A route removed from its tenant's
 * declaration is still found while its health record exists, so what it holds can be recovered.
 */
export const resolveEndpoint = async (
  ports: Pick<EndpointOpsPorts, 'target' | 'health' | 'tenants'>,
  ref: EndpointRef,
): Promise<ResolvedEndpoint> => {
  const [health, tenant, routes] = await Promise.all([
    ports.health.get(ref),
    ports.tenants.getTenant(ref.tenantId),
    ports.tenants.getRoutes(ref.tenantId),
  ]);
  if (health !== null) return { ref, health };
  if (tenant === null) throw new NotFoundError(`${ports.target.label}: no tenant "${ref.tenantId}"`);
  if (!routes.some((route) => route.route_id === ref.routeId)) {
    const known = routes.map((route) => route.route_id).join(', ') || 'none';
    throw new NotFoundError(
      `${ports.target.label}: tenant "${ref.tenantId}" has no route "${ref.routeId}" (its routes: ${known})`,
    );
  }
  return { ref, health: null };
};
