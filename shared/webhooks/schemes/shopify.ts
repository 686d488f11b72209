import { type BodyHmacOptions, signBodyHmac, verifyBodyHmac } from '../body-hmac.ts';
import { eventFacts, parseJsonObject } from '../payload.ts';
import { readFirstHeader } from '../request-parts.ts';
import type { WebhookScheme } from '../scheme.ts';

const SIGNATURE_HEADER = 'x-shopify-hmac-sha256';
// Shopify is moving to unprefixed names; the prefixed one wins when both are present.
const SIGNATURE: BodyHmacOptions = { headers: [SIGNATURE_HEADER, 'shopify-hmac-sha256'], encoding: 'base64' };
const ID_HEADERS = ['x-shopify-webhook-id', 'shopify-webhook-id', 'x-shopify-event-id', 'shopify-event-id'];
const TOPIC_HEADERS = ['x-shopify-topic', 'shopify-topic'];

/** Shopify: base64 HMAC-SHA256 of the raw body, keyed by the app's client secret; no timestamp. */
export const shopifyScheme: WebhookScheme = {
  id: 'shopify',
  capturedHeaders: [
    ...ID_HEADERS,
    ...TOPIC_HEADERS,
    'x-shopify-shop-domain',
    'shopify-shop-domain',
    'x-shopify-api-version',
    'shopify-api-version',
    'x-shopify-triggered-at',
    'shopify-triggered-at',
  ],

  verify: (request, secrets) => verifyBodyHmac(request, secrets, SIGNATURE),

  interpret(request) {
    parseJsonObject(request.body);
    return eventFacts(
      readFirstHeader(request.headers, ID_HEADERS) ?? null,
      readFirstHeader(request.headers, TOPIC_HEADERS) ?? null,
    );
  },

  sign: ({ body, secret }) => ({
    headers: { [SIGNATURE_HEADER]: signBodyHmac(body, secret, SIGNATURE) },
    query: '',
  }),
};
