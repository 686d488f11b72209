import type { DeliveryLog, DeliveryRecord, RoutingRecord } from '../delivery/delivery-log.ts';
import type { OpsTarget } from './ports.ts';

/**
 * Event search: the routing records of the delivery log, newest first, by tenant, provider, event type,
 * provider event id and time, each with the summary status of its deliveries. The console's Events page and
 * its Overview read events through this use case.
 */

/** Where the newest routing records of one tenant are read (the delivery log's tenant × time index). */
export interface EventIndex {
  /**
   * Up to `limit` routing records of the tenant received at or before `before` (ISO), newest first, that match
   * `match`; `readBudget` bounds the index items read. `exhausted` says nothing older matches.
   */
  newestOf(
    tenantId: string,
    options: {
      readonly before: string | null;
      readonly limit: number;
      readonly match: EventMatch;
      readonly readBudget: number;
    },
  ): Promise<{ readonly records: RoutingRecord[]; readonly exhausted: boolean }>;
}

/** What the index itself can test on a routing record. */
export interface EventMatch {
  readonly provider?: string;
  readonly eventType?: string;
  readonly providerEventId?: string;
  /** Inclusive lower bound of `received_at` (ISO). */
  readonly since?: string;
}

/** One event's delivery summary: what the Events page shows in its status column. */
export const EVENT_STATUSES = [
  'delivered',
  'retrying',
  'pending',
  'failed',
  'unrouted',
  'duplicate',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface EventSearchInput {
  /** The tenants to search (one, or every tenant the caller may see). */
  readonly tenantIds: readonly string[];
  readonly match: EventMatch;
  /** Inclusive upper bound of `received_at` (ISO). */
  readonly until?: string;
  readonly status?: EventStatus;
  readonly limit: number;
  /** From a previous page: continue after this (received_at, event_id). */
  readonly cursor?: EventCursor | null;
}

export interface EventCursor {
  readonly receivedAt: string;
  readonly eventId: string;
}

export interface EventSummary {
  readonly event_id: string;
  readonly tenant_id: string;
  readonly provider: string;
  readonly event_type: string | null;
  readonly provider_event_id: string | null;
  readonly received_at: string;
  readonly routes: number;
  readonly status: EventStatus;
  readonly attempts: number;
  /** The slowest delivery's last latency, when any was attempted. */
  readonly last_latency_ms: number | null;
}

export interface EventSearchOutput {
  readonly target: string;
  readonly events: EventSummary[];
  /** Where the next page starts; null on the last page. */
  readonly next: EventCursor | null;
}

export interface EventSearchPorts {
  readonly target: OpsTarget;
  readonly index: EventIndex;
  readonly log: Pick<DeliveryLog, 'getJourney'>;
}

/** The summary status of an event from its routing record and its deliveries. */
export const eventStatus = (routing: RoutingRecord, deliveries: readonly DeliveryRecord[]): EventStatus => {
  if (routing.duplicate_of) return 'duplicate';
  if (routing.route_ids.length === 0) return 'unrouted';
  const statuses = deliveries.map((delivery) => delivery.status);
  if (statuses.some((s) => s === 'dead_lettered' || s === 'failed_permanent')) return 'failed';
  if (statuses.some((s) => s === 'retrying')) return 'retrying';
  if (statuses.length < routing.route_ids.length || statuses.some((s) => s === 'pending')) return 'pending';
  return 'delivered';
};

const newerFirst = (a: RoutingRecord, b: RoutingRecord): number =>
  b.received_at.localeCompare(a.received_at) || b.event_id.localeCompare(a.event_id);

const isAfterCursor = (record: RoutingRecord, cursor: EventCursor | null | undefined): boolean =>
  !cursor ||
  record.received_at < cursor.receivedAt ||
  (record.received_at === cursor.receivedAt && record.event_id < cursor.eventId);

const summarise = async (ports: EventSearchPorts, routing: RoutingRecord): Promise<EventSummary> => {
  const { deliveries } = await ports.log.getJourney(routing.event_id);
  const latencies = deliveries.map((d) => d.latencies_ms.at(-1)).filter((l) => l !== undefined);
  return {
    event_id: routing.event_id,
    tenant_id: routing.tenant_id,
    provider: routing.provider,
    event_type: routing.event_type,
    provider_event_id: routing.provider_event_id,
    received_at: routing.received_at,
    routes: routing.route_ids.length,
    status: eventStatus(routing, deliveries),
    attempts: deliveries.reduce((sum, d) => sum + d.attempts, 0),
    last_latency_ms: latencies.length > 0 ? Math.max(...latencies) : null,
  };
};

/** Index reads per tenant and page, at most: a status filter that matches little returns a short page. */
const READ_BUDGET = 500;

/**
 * One page of events, newest first, across the given tenants (merged by time). With a status filter, events
 * are read in rounds until the page is full or the read budget is spent; `next` continues from there.
 */
export const searchEvents = async (
  ports: EventSearchPorts,
  input: EventSearchInput,
): Promise<EventSearchOutput> => {
  const found: EventSummary[] = [];
  let cursor = input.cursor ?? null;
  const before = (): string | null => {
    const bound = cursor?.receivedAt ?? null;
    if (input.until === undefined) return bound;
    return bound === null || input.until < bound ? input.until : bound;
  };
  for (let round = 0; round < 4; round++) {
    const want = input.limit - found.length;
    const pages = await Promise.all(
      input.tenantIds.map((tenantId) =>
        ports.index.newestOf(tenantId, {
          before: before(),
          // Records at the cursor's own millisecond come back again and are dropped below.
          limit: want + 5,
          match: input.match,
          readBudget: READ_BUDGET,
        }),
      ),
    );
    const candidates = pages
      .flatMap((page) => page.records)
      .filter((record) => isAfterCursor(record, cursor))
      .sort(newerFirst)
      .slice(0, want);
    const summaries = await Promise.all(candidates.map((record) => summarise(ports, record)));
    found.push(...summaries.filter((summary) => !input.status || summary.status === input.status));
    const last = candidates.at(-1);
    const exhausted = pages.every((page) => page.exhausted) && candidates.length < want;
    if (last) cursor = { receivedAt: last.received_at, eventId: last.event_id };
    if (exhausted || !last) return { target: ports.target.label, events: found, next: null };
    if (found.length >= input.limit) break;
  }
  return { target: ports.target.label, events: found, next: cursor };
};
