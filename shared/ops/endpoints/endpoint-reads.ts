import type { DeliveryRecord, RoutingRecord } from '../../delivery/delivery-log.ts';
import { type EndpointStatus, initialHealth } from '../../delivery/health/endpoint-health.ts';
import type { EndpointRef } from '../../delivery/health/ports.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { EndpointOpsPorts } from './ports.ts';
import { resolveEndpoint } from './resolve.ts';
import type { EndpointListOutput, EndpointShowOutput, RecentAttempt } from './schemas.ts';

/** `endpoints list` and `endpoints show`: the destinations' health records, what they hold, their attempts. */

export interface EndpointListInput {
  readonly tenantId?: string;
  readonly status?: EndpointStatus;
}

/** Every recorded destination matching the filter, in tenant and route order, each with its held count. */
export const listEndpoints = async (
  ports: Pick<EndpointOpsPorts, 'target' | 'health' | 'held'>,
  input: EndpointListInput,
): Promise<EndpointListOutput> => {
  const records = await ports.health.list(input);
  const sorted = [...records].sort(
    (a, b) => a.tenant_id.localeCompare(b.tenant_id) || a.route_id.localeCompare(b.route_id),
  );
  const endpoints = await Promise.all(
    sorted.map(async (health) => ({
      ...health,
      held: await ports.held.count({ tenantId: health.tenant_id, routeId: health.route_id }),
    })),
  );
  const filter: Record<string, string> = {};
  if (input.tenantId !== undefined) filter.tenant_id = input.tenantId;
  if (input.status !== undefined) filter.status = input.status;
  return { target: ports.target.label, filter, endpoints };
};

/** Recent attempts shown by default, and how many of the tenant's newest events are read to find them. */
export const RECENT_ATTEMPTS = 10;
const RECENT_EVENTS_READ = 200;

const attemptOf = (routing: RoutingRecord, delivery: DeliveryRecord): RecentAttempt => ({
  event_id: routing.event_id,
  received_at: routing.received_at,
  status: delivery.status,
  attempts: delivery.attempts,
  last_status: delivery.last_status,
  last_latency_ms: delivery.latencies_ms.at(-1) ?? null,
  error: delivery.last_error ? `${delivery.last_error.code}: ${delivery.last_error.message}` : null,
  updated_at: delivery.updated_at,
  next_attempt_at: delivery.next_attempt_at ?? null,
});

/**
 * The destination's newest deliveries from the delivery log: the tenant's newest routed events that went to
 * the route (at most `RECENT_EVENTS_READ` read), each with this route's delivery record.
 */
export const recentAttempts = async (
  ports: Pick<EndpointOpsPorts, 'index' | 'log'>,
  ref: EndpointRef,
  limit: number = RECENT_ATTEMPTS,
): Promise<RecentAttempt[]> => {
  const { records } = await ports.index.newestOf(ref.tenantId, {
    before: null,
    limit: RECENT_EVENTS_READ,
    match: {},
    readBudget: RECENT_EVENTS_READ,
  });
  const routed = records.filter((record) => record.route_ids.includes(ref.routeId)).slice(0, limit);
  const journeys = await Promise.all(routed.map((record) => ports.log.getJourney(record.event_id)));
  return routed.flatMap((routing, i) => {
    const delivery = journeys[i]!.deliveries.find((d) => d.route_id === ref.routeId);
    return delivery ? [attemptOf(routing, delivery)] : [];
  });
};

/** One destination: its health (healthy when never recorded), what it holds, its recent attempts. */
export const showEndpoint = async (
  ports: Pick<EndpointOpsPorts, 'target' | 'health' | 'held' | 'tenants' | 'index' | 'log'>,
  ref: EndpointRef,
  options: { readonly attempts?: number; readonly clock?: Clock } = {},
): Promise<EndpointShowOutput> => {
  const { health } = await resolveEndpoint(ports, ref);
  const [count, oldest, recent] = await Promise.all([
    ports.held.count(ref),
    ports.held.oldest(ref, 1),
    recentAttempts(ports, ref, options.attempts),
  ]);
  const first = oldest[0];
  return {
    target: ports.target.label,
    recorded: health !== null,
    health: health ?? initialHealth(ref.tenantId, ref.routeId, (options.clock ?? Date.now)()),
    held: {
      count,
      oldest: first
        ? {
            delivery_id: first.delivery_id,
            event_id: first.event_id,
            received_at: first.received_at,
            held_at: first.held_at,
          }
        : null,
    },
    recent_attempts: recent,
  };
};
