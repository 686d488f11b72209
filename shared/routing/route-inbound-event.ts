import type { DeliveryLog, RoutingRecord } from '../delivery/delivery-log.ts';
import type { TenantDirectory } from '../tenants/ports.ts';
import { type RoutingDecision, routeEvent } from '../tenants/route-event.ts';
import type { EventEnvelope } from '../webhooks/envelope.ts';
import { buildDeliveryMessages, dedupeKey } from './delivery-messages.ts';
import { EnqueueError } from './errors.ts';
import type { DeliveryQueue, EventDeduplicator, RoutingSummary, UnroutedReason } from './ports.ts';

/** The ports the router's use case works through. */
export interface RouteInboundEventDeps {
  readonly directory: TenantDirectory;
  readonly queue: DeliveryQueue;
  readonly log: DeliveryLog;
  readonly deduplicator: EventDeduplicator;
  readonly now: () => Date;
}

/**
 * What became of one inbound event:
 * - `routed`: one delivery message per route id is on the delivery queue;
 * - `unrouted`: nothing to deliver (no such tenant, a suspended one, or no matching route) — expected, not an error;
 * - `duplicate`: a provider redelivery of an event already routed under `duplicate_of`; nothing sent again;
 * - `replayed`: this very event (same platform id) was already routed, e.g. SQS delivered the message twice.
 */
export type RoutingOutcome =
  | { readonly kind: 'routed'; readonly event_id: string; readonly route_ids: readonly string[] }
  | { readonly kind: 'unrouted'; readonly event_id: string; readonly reason: UnroutedReason }
  | { readonly kind: 'duplicate'; readonly event_id: string; readonly duplicate_of: string }
  | { readonly kind: 'replayed'; readonly event_id: string; readonly route_ids: readonly string[] };

const unroutedReason = (decision: RoutingDecision): UnroutedReason | null => {
  if (decision.tenant === null) return 'unknown_tenant';
  if (decision.tenant.status !== 'active') return 'tenant_suspended';
  return decision.routes.length === 0 ? 'no_matching_route' : null;
};

const routingRecord = (
  envelope: EventEnvelope,
  routeIds: readonly string[],
  duplicateOf: string | null,
  now: Date,
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
  const decision = await routeEvent(deps.directory, envelope.tenant_id, envelope);
  const messages = buildDeliveryMessages(envelope, decision.routes);
  if (messages.length > 0) {
    const { failures } = await deps.queue.sendBatch(messages);
    if (failures.length > 0) throw new EnqueueError(failures, messages.length);
  }
  const routeIds = decision.routes.map((route) => route.route_id);
  // Recorded after the sends, so the log never claims a delivery that is not on the queue.
  await deps.log.recordRouting(routingRecord(envelope, routeIds, null, deps.now()));
  return { event_id: envelope.event_id, route_ids: routeIds, unrouted_reason: unroutedReason(decision) };
};

const freshOutcome = (summary: RoutingSummary): RoutingOutcome =>
  summary.unrouted_reason === null
    ? { kind: 'routed', event_id: summary.event_id, route_ids: summary.route_ids }
    : { kind: 'unrouted', event_id: summary.event_id, reason: summary.unrouted_reason };

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
