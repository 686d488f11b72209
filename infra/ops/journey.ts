import * as z from 'zod';
import type { DeliveryRecord, EventJourney, RoutingRecord } from '../../shared/delivery/delivery-log.ts';

/**
 * `ops events show` output: the JSON schema (what `--json` prints, and what scripts and tests validate
 * against) and the text a person reads.
 */

const FailureReasonSchema = z.object({
  code: z.string(),
  message: z.string(),
  attempts: z.number().int().nonnegative(),
  last_status: z.number().int().nullable(),
  failed_at: z.string(),
});

export const RoutingRecordSchema = z.object({
  event_id: z.string(),
  tenant_id: z.string(),
  provider: z.string(),
  provider_event_id: z.string().nullable(),
  event_type: z.string().nullable(),
  trace_id: z.string(),
  received_at: z.string(),
  routed_at: z.string(),
  route_ids: z.array(z.string()),
  duplicate_of: z.string().nullable(),
}) satisfies z.ZodType<RoutingRecord>; // a field added to the record and not here fails the type check

export const DeliveryRecordSchema = z.object({
  event_id: z.string(),
  route_id: z.string(),
  tenant_id: z.string(),
  destination_type: z.enum(['http', 'email', 'chat']),
  status: z.enum(['pending', 'retrying', 'delivered', 'failed_permanent', 'dead_lettered']),
  attempts: z.number().int().nonnegative(),
  receive_count: z.number().int().nonnegative(),
  latencies_ms: z.array(z.number().nonnegative()),
  last_status: z.number().int().nullable(),
  last_error: FailureReasonSchema.nullable(),
  updated_at: z.string(),
  via: z.string().optional(),
}) satisfies z.ZodType<DeliveryRecord>;

export const EventJourneyOutputSchema = z.object({
  target: z.string(),
  event_id: z.string(),
  routing: RoutingRecordSchema.nullable(),
  deliveries: z.array(DeliveryRecordSchema),
});
export type EventJourneyOutput = z.infer<typeof EventJourneyOutputSchema>;

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
  return lines;
};

const renderRouting = (routing: RoutingRecord): string[] => {
  const what = [routing.provider, routing.event_type ?? '(no type)'].join(' ');
  const lines = [
    `event ${routing.event_id}: ${what} for tenant ${routing.tenant_id}`,
    `  received  ${routing.received_at}  provider event ${routing.provider_event_id ?? '-'}  trace ${routing.trace_id}`,
  ];
  const routes = routing.route_ids.length > 0 ? routing.route_ids.join(', ') : 'no route matched (unrouted)';
  lines.push(`  routed    ${routing.routed_at}  (${ms(routing.received_at, routing.routed_at)}) → ${routes}`);
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
