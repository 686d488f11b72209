import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { RoutedEventReader } from '../delivery/delivery-log.ts';
import { buildEventPayload, type EventPayload } from '../delivery/destinations/event-payload.ts';
import { decodeInlineBody, ENVELOPE_VERSION } from '../webhooks/envelope.ts';
import { newEventId } from '../webhooks/ids.ts';
import { PROVIDER_IDS, type ProviderId } from '../webhooks/provider-ids.ts';
import { NotFoundError, OpsInputError } from './errors.ts';

/** Where `ops routes test` takes its event from: a file the operator wrote, or an event the platform routed. */
export type RouteTestEventSource =
  | { readonly kind: 'file'; readonly name: string; readonly text: string }
  | { readonly kind: 'event_id'; readonly eventId: string };

/** The event a route is tested with: its outbound payload and its captured headers. */
export interface RouteTestEvent {
  readonly provider: ProviderId;
  readonly payload: EventPayload;
  readonly headers: Readonly<Record<string, string>>;
  /** `file <name>` or `delivery log`, for people. */
  readonly from: string;
}

/** The file: what a provider sent, as the platform would have it; the ids and times are filled in. */
export const RouteTestFileSchema = z.strictObject({
  provider: z.enum(PROVIDER_IDS),
  type: z.string().min(1).nullable().default(null),
  headers: z.record(z.string(), z.string()).default({}),
  data: z.unknown(),
});

const fromFile = (tenantId: string, name: string, text: string, now: Date): RouteTestEvent => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OpsInputError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = RouteTestFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new OpsInputError(
      `${name} is not an event {provider, type, headers, data}: ${problems.join('; ')}`,
    );
  }
  const file = parsed.data;
  const payload: EventPayload = {
    event_id: newEventId(now.getTime()),
    type: file.type,
    provider: file.provider,
    tenant_id: tenantId,
    provider_event_id: null,
    received_at: now.toISOString(),
    trace_id: randomBytes(16).toString('hex'),
    data: file.data ?? null,
  };
  const headers = Object.fromEntries(Object.entries(file.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { provider: file.provider, payload, headers, from: `file ${name}` };
};

const fromLog = async (
  reader: RoutedEventReader,
  tenantId: string,
  eventId: string,
  where: string,
): Promise<RouteTestEvent> => {
  const routed = await reader.getRoutedEvent(eventId);
  if (routed === null) {
    throw new NotFoundError(
      `no routing record of ${eventId} in ${where} (not routed yet, expired, or not an event id)`,
    );
  }
  const { routing, copy } = routed;
  // Tenant isolation: an operator testing one tenant's route never sees another tenant's event through it.
  if (routing.tenant_id !== tenantId) {
    throw new OpsInputError(`${eventId} is an event of another tenant, not of ${tenantId}`);
  }
  const provider = PROVIDER_IDS.find((id) => id === routing.provider);
  if (copy === null || provider === undefined) {
    throw new NotFoundError(
      `${eventId} was routed, but its body was not kept (only bodies up to 16 KiB are): save the event as ` +
        'a file {provider, type, headers, data} and pass --event <file>',
    );
  }
  const envelope = {
    version: ENVELOPE_VERSION,
    event_id: routing.event_id,
    provider,
    tenant_id: routing.tenant_id,
    provider_event_id: routing.provider_event_id,
    event_type: routing.event_type,
    received_at: routing.received_at,
    trace_id: routing.trace_id,
    content_type: copy.content_type,
    headers: copy.headers,
    body: copy.body,
  };
  const payload = buildEventPayload(envelope, decodeInlineBody(copy.body));
  return { provider, payload, headers: copy.headers, from: 'delivery log' };
};

/** Reads the event a route is tested with; throws `OpsInputError` or `NotFoundError` when it cannot. */
export const loadRouteTestEvent = (
  source: RouteTestEventSource,
  context: {
    readonly tenantId: string;
    readonly reader: RoutedEventReader;
    readonly where: string;
    readonly now: Date;
  },
): Promise<RouteTestEvent> =>
  source.kind === 'file'
    ? Promise.resolve(fromFile(context.tenantId, source.name, source.text, context.now))
    : fromLog(context.reader, context.tenantId, source.eventId, context.where);
