import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../webhooks/crypto.ts';
import { type EventEnvelope, encodeInlineBody } from '../../webhooks/envelope.ts';

/** A body that is not JSON, carried losslessly: UTF-8 text as is, anything else base64. */
export interface RawEventData {
  readonly content_type: string | null;
  readonly encoding: 'utf8' | 'base64';
  readonly body: string;
}

/**
 * The event as a tenant receives it (outbound contract: snake_case, ISO-8601 UTC, explicit nulls). Also the
 * context templates render from.
 */
export interface EventPayload {
  readonly event_id: string;
  readonly type: string | null;
  readonly provider: string;
  readonly tenant_id: string;
  readonly provider_event_id: string | null;
  readonly received_at: string;
  readonly trace_id: string;
  /** The provider's body parsed as JSON when it is JSON, else a `RawEventData`. */
  readonly data: unknown;
}

// JSON is only assumed when the provider said so or said nothing: a form body such as `a=1` stays a form.
const mayBeJson = (contentType: string | null): boolean =>
  contentType === null || /[/+]json\b/i.test(contentType.split(';')[0] ?? '');

/**
 * The provider body as the `data` field: parsed JSON when it is JSON, else the raw bytes described. `text`,
 * when the caller already holds the bytes' UTF-8 text (an inline envelope body), spares decoding them again.
 */
export const eventData = (contentType: string | null, body: Buffer, text?: string): unknown => {
  const inline = encodeInlineBody(body, text);
  if (inline.encoding === 'utf8' && inline.data.trim() !== '' && mayBeJson(contentType)) {
    try {
      return JSON.parse(inline.data);
    } catch {
      // Said JSON, is not: deliver what arrived rather than nothing.
    }
  }
  const raw: RawEventData = { content_type: contentType, encoding: inline.encoding, body: inline.data };
  return raw;
};

/** Builds the tenant-facing event from an envelope and its (resolved) body bytes (and their text, if known). */
export const buildEventPayload = (event: EventEnvelope, body: Buffer, text?: string): EventPayload => ({
  event_id: event.event_id,
  type: event.event_type,
  provider: event.provider,
  tenant_id: event.tenant_id,
  provider_event_id: event.provider_event_id,
  received_at: new Date(event.received_at).toISOString(),
  trace_id: event.trace_id,
  data: eventData(event.content_type, body, text),
});

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;

/**
 * A W3C `traceparent` carrying the platform trace id. Trace ids are already 32 hex digits; anything else is
 * hashed into that shape so the header is always valid. The parent (span) id is fresh per request.
 */
export const traceparent = (traceId: string): string => {
  const id = TRACE_ID.test(traceId) ? traceId : sha256Hex(Buffer.from(traceId)).slice(0, 32);
  return `00-${id}-${randomBytes(8).toString('hex')}-01`;
};

/** Headers every outbound call of a delivery carries (contract: idempotent at the far end, traced). */
export const deliveryHeaders = (deliveryId: string, traceId: string): Record<string, string> => ({
  'idempotency-key': deliveryId,
  traceparent: traceparent(traceId),
  'user-agent': 'tsunagi-delivery/1',
});

/** What templates see: the event as delivered, plus `event_type` (the name routes use) and the route id. */
export const templateContext = (payload: EventPayload, routeId: string) => ({
  ...payload,
  event_type: payload.type,
  route_id: routeId,
});
