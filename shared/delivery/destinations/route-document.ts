import type { EventEnvelope } from '../../webhooks/envelope.ts';
import { buildEventPayload, type EventPayload } from './event-payload.ts';

/**
 * The one document route filters and transforms see: the event exactly as an http destination receives it,
 * plus the provider request's captured headers (lower-case names).
 */
export interface RouteDocument extends EventPayload {
  readonly headers: Readonly<Record<string, string>>;
}

// The receiver captures an allow-list per provider that never holds a signature; this is the second fence, so
// a header that carries a credential can never reach a filter, a transform or a far end through the document.
const WITHHELD_HEADER = /authorization|signature|secret|token|cookie|api[-_]?key|password|hmac/i;

/** The captured headers a document may show: lower-case names, credential-bearing ones left out. */
export const documentHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!WITHHELD_HEADER.test(lower)) shown[lower] = value;
  }
  return shown;
};

/** The route document of an already built payload and the envelope's captured headers. */
export const routeDocumentOf = (
  payload: EventPayload,
  headers: Readonly<Record<string, string>>,
): RouteDocument => ({ ...payload, headers: documentHeaders(headers) });

/** The route document of an envelope and its (resolved) body bytes (and their text, if known). */
export const buildRouteDocument = (event: EventEnvelope, body: Buffer, text?: string): RouteDocument =>
  routeDocumentOf(buildEventPayload(event, body, text), event.headers);
