import * as z from 'zod';
import type { DeliveryLog, DeliveryRecord, EventJourney, RoutingRecord } from '../delivery/delivery-log.ts';
import { NotFoundError } from './errors.ts';
import type { OpsTarget } from './ports.ts';

/**
 * `events show`: an event's journey from the delivery log, and its JSON schema (what `--json` prints, and
 * what scripts and tests validate against).
 */

const FailureReasonSchema = z.object({
  code: z.string(),
  message: z.string(),
  attempts: z.number().int().nonnegative(),
  last_status: z.number().int().nullable(),
  failed_at: z.string(),
});

/** Why a route did not take the event (the router's `RouteMiss`). */
export const RouteMissSchema = z.object({
  route_id: z.string(),
  reason: z.enum(['disabled', 'provider', 'event_type', 'filter', 'filter_invalid']),
  detail: z.string().nullable(),
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
  /** Absent in records written before filters existed. */
  unrouted_reason: z.string().nullable().optional(),
  unmatched_routes: z.array(RouteMissSchema).optional(),
}) satisfies z.ZodType<RoutingRecord>; // a field added to the record and not here fails the type check

export const DeliveryRecordSchema = z.object({
  event_id: z.string(),
  route_id: z.string(),
  tenant_id: z.string(),
  destination_type: z.enum(['http', 'email', 'chat']),
  status: z.enum(['pending', 'retrying', 'delivered', 'failed_permanent', 'dead_lettered', 'held']),
  attempts: z.number().int().nonnegative(),
  receive_count: z.number().int().nonnegative(),
  latencies_ms: z.array(z.number().nonnegative()),
  last_status: z.number().int().nullable(),
  last_error: FailureReasonSchema.nullable(),
  updated_at: z.string(),
  via: z.string().optional(),
  next_attempt_at: z.string().optional(),
  next_attempt: z.number().int().positive().optional(),
}) satisfies z.ZodType<DeliveryRecord>;

export const EventJourneyOutputSchema = z.object({
  target: z.string(),
  event_id: z.string(),
  routing: RoutingRecordSchema.nullable(),
  deliveries: z.array(DeliveryRecordSchema),
});
export type EventJourneyOutput = z.infer<typeof EventJourneyOutputSchema>;

/** What `showEventJourney` returns: the journey with where it was read (`EventJourneyOutputSchema` parses it). */
export type EventJourneyResult = { readonly target: string; readonly event_id: string } & EventJourney;

export interface EventJourneyPorts {
  readonly target: OpsTarget;
  readonly log: Pick<DeliveryLog, 'getJourney'>;
}

/** The journey of one event; throws `NotFoundError` when the log knows nothing of it. */
export const showEventJourney = async (
  ports: EventJourneyPorts,
  input: { readonly eventId: string },
): Promise<EventJourneyResult> => {
  const journey = await ports.log.getJourney(input.eventId);
  if (!journey.routing && journey.deliveries.length === 0) {
    throw new NotFoundError(
      `nothing in the delivery log of ${ports.target.label} for ${input.eventId} (not routed yet, expired, or not an event id)`,
    );
  }
  return { target: ports.target.label, event_id: input.eventId, ...journey };
};
