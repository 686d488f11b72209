import type { DeliveryRecord, EventJourney, RoutingRecord } from '../../shared/delivery/delivery-log.ts';
import type { RouteMiss } from '../../shared/tenants/select-routes.ts';

/** `ops events show` as a person reads it; the JSON and its schema are shared/ops/event-journey.ts. */

const ms = (from: string, to: string): string => {
  const delta = Date.parse(to) - Date.parse(from);
  return Number.isFinite(delta) ? `+${delta} ms` : '';
};

const renderDelivery = (delivery: DeliveryRecord): string[] => {
  const latencies =
    delivery.latencies_ms.length > 0
      ? `${delivery.latencies_ms.map(Math.round).join(', ')} ms`
      : 'none recorded';
  const lines = [
    `  delivery ${delivery.route_id} (${delivery.destination_type}): ${delivery.status.toUpperCase()}` +
      `${delivery.via ? ` via ${delivery.via}` : ''}`,
    `    attempts ${delivery.attempts} over ${delivery.receive_count} receive(s); latencies ${latencies}; ` +
      `last status ${delivery.last_status ?? '-'}; updated ${delivery.updated_at}`,
  ];
  const error = delivery.last_error;
  if (error) {
    lines.push(
      `    last error: ${error.code}: ${error.message} (attempts ${error.attempts}, status ` +
        `${error.last_status ?? '-'}, at ${error.failed_at})`,
    );
  }
  if (delivery.status === 'retrying' && delivery.next_attempt_at !== undefined) {
    lines.push(
      `    next attempt ${delivery.next_attempt ?? '?'} due ${delivery.next_attempt_at} (on the retry schedule)`,
    );
  }
  return lines;
};

const UNROUTED: Record<string, string> = {
  unknown_tenant: 'unrouted: the tenant is not in the master data',
  tenant_suspended: 'unrouted: the tenant is suspended',
  no_matching_route: 'unrouted: no route takes this provider and event type',
  filtered_out: 'filtered out: routes took its provider and type, their filters did not match',
};

const MISS: Record<RouteMiss['reason'], string> = {
  disabled: 'disabled',
  provider: 'other provider',
  event_type: 'other event type',
  filter: 'filter did not match',
  filter_invalid: 'filter does not compile (fix the route)',
};

/** Each route that did not take the event, and why. */
const renderMisses = (misses: readonly RouteMiss[]): string[] =>
  misses.length === 0
    ? []
    : [
        '  not matched:',
        ...misses.map(
          (miss) =>
            `    ${miss.route_id}: ${MISS[miss.reason]}${miss.detail === null ? '' : ` — ${miss.detail}`}`,
        ),
      ];

const renderRouting = (routing: RoutingRecord): string[] => {
  const what = [routing.provider, routing.event_type ?? '(no type)'].join(' ');
  const lines = [
    `event ${routing.event_id}: ${what} for tenant ${routing.tenant_id}`,
    `  received  ${routing.received_at}  provider event ${routing.provider_event_id ?? '-'}  trace ${routing.trace_id}`,
  ];
  const unrouted = routing.unrouted_reason
    ? (UNROUTED[routing.unrouted_reason] ?? routing.unrouted_reason)
    : null;
  const routes =
    routing.route_ids.length > 0 ? routing.route_ids.join(', ') : (unrouted ?? 'no route matched (unrouted)');
  lines.push(`  routed    ${routing.routed_at}  (${ms(routing.received_at, routing.routed_at)}) → ${routes}`);
  lines.push(...renderMisses(routing.unmatched_routes ?? []));
  if (routing.duplicate_of) {
    lines.push(
      `  duplicate of ${routing.duplicate_of}: the provider sent this event before; nothing was sent again`,
    );
  }
  return lines;
};

/** The journey as a person reads it: receipt, routing, then each delivery with its outcome. */
export const renderJourney = (eventId: string, journey: EventJourney): string => {
  const lines = journey.routing
    ? renderRouting(journey.routing)
    : [`event ${eventId}: no routing record (not routed yet, or the router has not seen it)`];
  for (const delivery of journey.deliveries) lines.push(...renderDelivery(delivery));
  const pending = (journey.routing?.route_ids ?? []).filter(
    (id) => !journey.deliveries.some((d) => d.route_id === id),
  );
  for (const routeId of pending) lines.push(`  delivery ${routeId}: queued, no attempt recorded yet`);
  return lines.join('\n');
};
