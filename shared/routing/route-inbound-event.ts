import type { DeliveryLog, RoutingRecord } from '../delivery/delivery-log.ts';
import type { TenantDirectory } from '../tenants/ports.ts';
import { type RoutingDecision, routeEvent } from '../tenants/route-event.ts';
import type { RouteMiss } from '../tenants/select-routes.ts';
import type { EventEnvelope } from '../webhooks/envelope.ts';
import { buildDeliveryMessages, dedupeKey } from './delivery-messages.ts';
import { EnqueueError } from './errors.ts';
import { documentLoader, routedEventCopy } from './event-document.ts';
import type {
  DeliveryQueue,
  EventBodyReader,
  EventDeduplicator,
  RoutingSummary,
  UnroutedReason,
} from './ports.ts';

/** The ports the router's use case works through. */
export interface RouteInboundEventDeps {
  readonly directory: TenantDirectory;
  readonly queue: DeliveryQueue;
  readonly log: DeliveryLog;
  readonly deduplicator: EventDeduplicator;
  readonly now: () => Date;
  /** Reads claim-checked bodies when a route filter needs one; without it such an event fails permanently. */
  readonly bodies?: EventBodyReader;
}

/**
 * What became of one inbound event:
 * - `routed`: one delivery message per route id is on the delivery queue;
 * - `unrouted`: nothing to deliver (no such tenant, a suspended one, or no matching route) — expected, not an error;
 * - `duplicate`: a provider redelivery of an event already routed under `duplicate_of`; nothing sent again;
 * - `replayed`: this very event (same platform id) was already routed, e.g. SQS delivered the message twice.
 */
export type RoutingOutcome =
  | ({
      readonly kind: 'routed';
      readonly event_id: string;
      readonly route_ids: readonly string[];
    } & FilteredOut)
  | ({ readonly kind: 'unrouted'; readonly event_id: string; readonly reason: UnroutedReason } & FilteredOut)
  | { readonly kind: 'duplicate'; readonly event_id: string; readonly duplicate_of: string }
  | { readonly kind: 'replayed'; readonly event_id: string; readonly route_ids: readonly string[] };

/** Routes whose provider and type fit but whose filter did not (or no longer compiles); present when any. */
interface FilteredOut {
  readonly filtered_out?: readonly string[];
}

const isFilterMiss = (miss: RouteMiss): boolean =>
  miss.reason === 'filter' || miss.reason === 'filter_invalid';

const unroutedReason = (decision: RoutingDecision): UnroutedReason | null => {
  if (decision.tenant === null) return 'unknown_tenant';
  if (decision.tenant.status !== 'active') return 'tenant_suspended';
  if (decision.routes.length > 0) return null;
  return (decision.missed ?? []).some(isFilterMiss) ? 'filtered_out' : 'no_matching_route';
};

// The record keeps at most this many misses: a tenant with hundreds of routes must not make the item huge.
const MAX_RECORDED_MISSES = 100;

const routingRecord = (
  envelope: EventEnvelope,
  routeIds: readonly string[],
  duplicateOf: string | null,
  now: Date,
  routing?: { readonly unrouted: UnroutedReason | null; readonly missed: readonly RouteMiss[] },
): RoutingRecord => ({
  event_id: envelope.event_id,
  tenant_id: envelope.tenant_id,
  provider: envelope.provider,
  provider_event_id: envelope.provider_event_id,
  event_type: envelope.event_type,
  trace_id: envelope.trace_id,
  received_at: envelope.received_at,
  routed_at: now.toISOString(),
  route_ids: routeIds,
  duplicate_of: duplicateOf,
  ...(routing
    ? { unrouted_reason: routing.unrouted, unmatched_routes: routing.missed.slice(0, MAX_RECORDED_MISSES) }
    : {}),
});

/**
 * Routes an event for the first time: resolve routes, enqueue one message per route, then record it. When any
 * message is not enqueued it throws `EnqueueError`, the deduplicator forgets the run, and the SQS record is
 * retried, which enqueues every message again, the ones that made it included. That is harmless: the worker is
 * idempotent per delivery id (`<event id>:<route id>`), and so is the far end through `Idempotency-Key`.
 */
const routeFirstTime = async (
  envelope: EventEnvelope,
  deps: RouteInboundEventDeps,
): Promise<RoutingSummary> => {
  const document = documentLoader(envelope, deps.bodies);
  const decision = await routeEvent(deps.directory, envelope.tenant_id, envelope, document);
  const messages = buildDeliveryMessages(envelope, decision.routes);
  if (messages.length > 0) {
    const { failures } = await deps.queue.sendBatch(messages);
    if (failures.length > 0) throw new EnqueueError(failures, messages.length);
  }
  const routeIds = decision.routes.map((route) => route.route_id);
  const unrouted = unroutedReason(decision);
  const missed = decision.missed ?? [];
  // Recorded after the sends, so the log never claims a delivery that is not on the queue.
  const record = routingRecord(envelope, routeIds, null, deps.now(), { unrouted, missed });
  await deps.log.recordRouting(record, routedEventCopy(envelope));
  const filtered = missed.filter(isFilterMiss).map((miss) => miss.route_id);
  return {
    event_id: envelope.event_id,
    route_ids: routeIds,
    unrouted_reason: unrouted,
    ...(filtered.length > 0 ? { filtered_out: filtered } : {}),
  };
};

const freshOutcome = (summary: RoutingSummary): RoutingOutcome => {
  const filtered = summary.filtered_out?.length ? { filtered_out: summary.filtered_out } : {};
  return summary.unrouted_reason === null
    ? { kind: 'routed', event_id: summary.event_id, route_ids: summary.route_ids, ...filtered }
    : { kind: 'unrouted', event_id: summary.event_id, reason: summary.unrouted_reason, ...filtered };
};

/**
 * The router's use case: route an inbound event once per provider event (see `dedupeKey`). A provider
 * redelivery sends nothing and is recorded in the delivery log as a duplicate of the first event.
 */
export const routeInboundEvent = async (
  envelope: EventEnvelope,
  deps: RouteInboundEventDeps,
): Promise<RoutingOutcome> => {
  let ranNow = false;
  const summary = await deps.deduplicator.runOnce(dedupeKey(envelope), () => {
    ranNow = true;
    return routeFirstTime(envelope, deps);
  });
  if (ranNow) return freshOutcome(summary);
  if (summary.event_id === envelope.event_id) {
    // Its routing record is already written; writing a duplicate record over it would erase the route ids.
    return { kind: 'replayed', event_id: envelope.event_id, route_ids: summary.route_ids };
  }
  await deps.log.recordRouting(routingRecord(envelope, [], summary.event_id, deps.now()));
  return { kind: 'duplicate', event_id: envelope.event_id, duplicate_of: summary.event_id };
};
