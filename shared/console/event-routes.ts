import * as z from 'zod';
import { NotFoundError } from '../ops/errors.ts';
import { showEventJourney } from '../ops/event-journey.ts';
import { EVENT_STATUSES, eventStatus, searchEvents } from '../ops/events-search.ts';
import { json } from './http.ts';
import {
  decodeCursor,
  encodeCursor,
  IsoTimeSchema,
  LimitSchema,
  queryOf,
  type Route,
  type RouteContext,
  scopedTenant,
} from './route.ts';

// Events: search, and one event's journey (the same use case as `ops events show`).

const SearchQuerySchema = z.object({
  tenant_id: z.string().optional(),
  provider: z.string().min(1).max(64).optional(),
  event_type: z.string().min(1).max(256).optional(),
  provider_event_id: z.string().min(1).max(256).optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  since: IsoTimeSchema.optional(),
  until: IsoTimeSchema.optional(),
  limit: LimitSchema,
  cursor: z.string().optional(),
});

const CursorSchema = z.object({ r: z.string(), e: z.string() });

/** The tenants a search covers: the caller's or the asked one, else every tenant of the directory. */
export const tenantsToSearch = async (context: RouteContext, asked: string | undefined) => {
  const tenant = scopedTenant(context.principal, asked);
  if (tenant !== undefined) return [tenant];
  return (await context.ports.tenants.listTenants()).map((profile) => profile.tenant_id);
};

const search: Route = {
  method: 'GET',
  pattern: '/api/events',
  change: false,
  run: async (context) => {
    const query = queryOf(context, SearchQuerySchema);
    const cursor = decodeCursor(query.cursor, CursorSchema);
    const output = await searchEvents(context.ports, {
      tenantIds: await tenantsToSearch(context, query.tenant_id),
      match: {
        provider: query.provider,
        eventType: query.event_type,
        providerEventId: query.provider_event_id,
        since: query.since,
      },
      until: query.until,
      status: query.status,
      limit: query.limit,
      cursor: cursor ? { receivedAt: cursor.r, eventId: cursor.e } : null,
    });
    const next = output.next ? encodeCursor({ r: output.next.receivedAt, e: output.next.eventId }) : null;
    return json(200, { target: output.target, items: output.events, next });
  },
};

const EventIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'an event id');

const journey: Route = {
  method: 'GET',
  pattern: '/api/events/:eventId',
  change: false,
  run: async (context) => {
    const eventId = EventIdSchema.parse(context.params.eventId);
    const output = await showEventJourney(context.ports, { eventId });
    const tenant = output.routing?.tenant_id ?? output.deliveries[0]?.tenant_id ?? null;
    const { principal } = context;
    // Another tenant's event is answered exactly like an unknown one: its existence is not told either.
    if (principal.tenant !== null && tenant !== principal.tenant) {
      throw new NotFoundError(
        `nothing in the delivery log of ${context.ports.target.label} for ${eventId} (not routed yet, expired, or not an event id)`,
      );
    }
    const status = output.routing ? eventStatus(output.routing, output.deliveries) : null;
    return json(200, { ...output, status });
  },
};

export const EVENT_ROUTES: readonly Route[] = [search, journey];
