import { ROUTED_EVENT_COPY_MAX_BYTES, type RoutedEventCopy } from '../delivery/delivery-log.ts';
import { buildRouteDocument, type RouteDocument } from '../delivery/destinations/route-document.ts';
import { decodeInlineBody, type EventEnvelope, isClaimChecked } from '../webhooks/envelope.ts';
import { EventBodyInvalidError } from './errors.ts';
import type { EventBodyReader } from './ports.ts';

const EMPTY = Buffer.alloc(0);

/** Used when the router is built without a body reader: a claim-checked body then cannot be filtered. */
const NO_READER: EventBodyReader = {
  read: () => Promise.reject(new EventBodyInvalidError('claim-checked bodies cannot be read by this router')),
};

/**
 * The route document of an event, built on first call only (filters are the only reason the router reads a
 * body): inline bodies are decoded, claim-checked ones read through `bodies`.
 */
export const documentLoader = (
  envelope: EventEnvelope,
  bodies: EventBodyReader = NO_READER,
): (() => Promise<RouteDocument>) => {
  let loading: Promise<RouteDocument> | null = null;
  return () => {
    loading ??= (async () => {
      const { body } = envelope;
      if (isClaimChecked(body)) return buildRouteDocument(envelope, await bodies.read(body.claim_check));
      // An inline UTF-8 body is its own text: it is parsed as it is, not encoded and decoded again first.
      const text = body.encoding === 'utf8' && body.data.isWellFormed() ? body.data : undefined;
      return buildRouteDocument(envelope, text === undefined ? decodeInlineBody(body) : EMPTY, text);
    })();
    return loading;
  };
};

/** What the routing record keeps of a small inline event, so it can be replayed through a route later. */
export const routedEventCopy = (envelope: EventEnvelope): RoutedEventCopy | undefined => {
  const { body } = envelope;
  // The character count first: it bounds the byte count from below and costs nothing.
  if (isClaimChecked(body) || body.data.length > ROUTED_EVENT_COPY_MAX_BYTES) return undefined;
  if (Buffer.byteLength(body.data, 'utf8') > ROUTED_EVENT_COPY_MAX_BYTES) return undefined;
  return { content_type: envelope.content_type, headers: envelope.headers, body };
};
