import { type BodyHmacOptions, signBodyHmac, verifyBodyHmac } from '../body-hmac.ts';
import { MalformedPayloadError } from '../errors.ts';
import {
  eventFacts,
  handshake,
  isJsonObject,
  type JsonObject,
  joinDistinct,
  parseJsonObject,
  stringField,
} from '../payload.ts';
import type { WebhookScheme } from '../scheme.ts';

const SIGNATURE_HEADER = 'x-line-signature';
const SIGNATURE: BodyHmacOptions = { headers: [SIGNATURE_HEADER], encoding: 'base64' };

/** The `events` of a LINE webhook body `{destination, events: [...]}`, or MalformedPayloadError. */
const readEvents = (body: Buffer): readonly JsonObject[] => {
  const parsed = parseJsonObject(body);
  const events = parsed.events;
  if (stringField(parsed, 'destination') === null || !Array.isArray(events)) {
    throw new MalformedPayloadError('LINE body needs destination and events');
  }
  if (!events.every(isJsonObject)) throw new MalformedPayloadError('LINE events must be objects');
  return events;
};

/** LINE Messaging API: base64 HMAC-SHA256 of the raw body, keyed by the channel secret; no timestamp. */
export const lineScheme: WebhookScheme = {
  id: 'line',
  // LINE sends only the signature header; event ids and redelivery flags live in the body.
  capturedHeaders: [],

  verify: (request, secrets) => verifyBodyHmac(request, secrets, SIGNATURE),

  interpret(request) {
    const events = readEvents(request.body);
    // The console's "Verify" button sends a signed body with no events and expects a plain 200.
    if (events.length === 0) return handshake('application/json', '{}');
    const ids = events.map((event) => stringField(event, 'webhookEventId')).filter((id) => id !== null);
    const id = ids.length > 0 ? ids.join(',') : null;
    return eventFacts(id, joinDistinct(events.map((event) => stringField(event, 'type'))));
  },

  sign: ({ body, secret }) => ({
    headers: { [SIGNATURE_HEADER]: signBodyHmac(body, secret, SIGNATURE) },
    query: '',
  }),
};
