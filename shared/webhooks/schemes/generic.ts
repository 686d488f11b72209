import { assertHmacMatches, hmac } from '../crypto.ts';
import { eventFacts } from '../payload.ts';
import { readHeader, requireHeader, requireSecrets, requireTimestamp } from '../request-parts.ts';
import type { WebhookScheme } from '../scheme.ts';

const SIGNATURE_HEADER = 'x-signature';
const TIMESTAMP_HEADER = 'x-timestamp';

const signedParts = (timestamp: string, body: Buffer) => [`${timestamp}.`, body];

/** Tsunagi's own scheme for senders without one: hex HMAC-SHA256 over `{x-timestamp}.{body}`. */
export const genericScheme: WebhookScheme = {
  id: 'generic',
  capturedHeaders: ['x-event-id', 'x-event-type', 'x-timestamp'],

  verify(request, secrets) {
    const keys = requireSecrets(secrets);
    const signature = requireHeader(request.headers, SIGNATURE_HEADER);
    const timestamp = requireTimestamp(request, TIMESTAMP_HEADER);
    const parts = signedParts(timestamp, request.body);
    assertHmacMatches({ algorithm: 'sha256', encoding: 'hex', keys, parts, candidates: [signature] });
  },

  interpret: (request) =>
    eventFacts(
      readHeader(request.headers, 'x-event-id') ?? null,
      readHeader(request.headers, 'x-event-type') ?? null,
    ),

  sign({ body, secret, nowSeconds }) {
    const timestamp = String(Math.floor(nowSeconds));
    const signature = hmac('sha256', secret, signedParts(timestamp, body), 'hex');
    return { headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature }, query: '' };
  },
};
