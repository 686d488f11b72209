import type { RouteMiss } from '../tenants/select-routes.ts';
import type { InlineBody } from '../webhooks/envelope.ts';

/**
 * The delivery log: what happened to an event, from receipt to each destination, for operators
 * (`npm run ops -- events show <event id>`) and for the DLQ tools. One record per event (routing) and one per
 * delivery (event × route). Records expire (TTL) after the configured retention.
 */

/** `held`: its destination is disabled; the delivery waits in the endpoints table until it is enabled. */
export type DeliveryStatus =
  | 'pending'
  | 'retrying'
  | 'delivered'
  | 'failed_permanent'
  | 'dead_lettered'
  | 'held';

/** The failure reason attached to DLQ messages and kept in the log (snake_case, ISO-8601 UTC). */
export interface FailureReason {
  readonly code: string;
  readonly message: string;
  readonly attempts: number;
  readonly last_status: number | null;
  readonly failed_at: string;
}

/** Written by the router once per inbound event. */
export interface RoutingRecord {
  readonly event_id: string;
  readonly tenant_id: string;
  readonly provider: string;
  readonly provider_event_id: string | null;
  readonly event_type: string | null;
  readonly trace_id: string;
  readonly received_at: string;
  readonly routed_at: string;
  /** Route ids the event was sent to; empty for an unrouted event. */
  readonly route_ids: readonly string[];
  /** Set when the router saw this provider event before (a provider redelivery): nothing was sent again. */
  readonly duplicate_of: string | null;
  /** Why nothing was sent (`no_matching_route`, `filtered_out`, …); null when routed. Absent in older records. */
  readonly unrouted_reason?: string | null;
  /** Every route of the tenant that did not take the event, and why. Absent in older records. */
  readonly unmatched_routes?: readonly RouteMiss[];
}

/** Bodies up to this size are kept with the routing record, so `ops routes test` can replay the event. */
export const ROUTED_EVENT_COPY_MAX_BYTES = 16 * 1024;

/** What the router keeps of a small event besides its routing record: what the route document is built from. */
export interface RoutedEventCopy {
  readonly content_type: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: InlineBody;
}

/** A routed event as the log can give it back: its routing record and, for a small body, the event itself. */
export interface RoutedEvent {
  readonly routing: RoutingRecord;
  readonly copy: RoutedEventCopy | null;
}

/** Reads routed events back (for `ops routes test --event <event id>`). */
export interface RoutedEventReader {
  getRoutedEvent(eventId: string): Promise<RoutedEvent | null>;
}

/** Written by the worker after every processing of a delivery (each SQS receive). */
export interface DeliveryRecord {
  readonly event_id: string;
  readonly route_id: string;
  readonly tenant_id: string;
  readonly destination_type: 'http' | 'email' | 'chat';
  readonly status: DeliveryStatus;
  /** Outbound attempts across all receives so far. */
  readonly attempts: number;
  readonly receive_count: number;
  readonly latencies_ms: readonly number[];
  readonly last_status: number | null;
  readonly last_error: FailureReason | null;
  readonly updated_at: string;
  /** For email: which provider finally sent it (`ses` or `secondary`). */
  readonly via?: string;
  /** While `retrying`: when the next attempt is due, and which attempt of the schedule it will be. */
  readonly next_attempt_at?: string;
  readonly next_attempt?: number;
}

/** The journey of one event, as `events show` prints it. */
export interface EventJourney {
  readonly routing: RoutingRecord | null;
  readonly deliveries: readonly DeliveryRecord[];
}

/** Reads and writes the delivery log; implementations must scope every item by tenant id. */
export interface DeliveryLog {
  /** Writes the routing record, with the event's copy when one is given (see `ROUTED_EVENT_COPY_MAX_BYTES`). */
  recordRouting(record: RoutingRecord, copy?: RoutedEventCopy): Promise<void>;
  /** Upserts the delivery's record; `attempts` and `latencies_ms` accumulate across receives. */
  recordDelivery(record: DeliveryRecord): Promise<void>;
  getJourney(eventId: string): Promise<EventJourney>;
}
