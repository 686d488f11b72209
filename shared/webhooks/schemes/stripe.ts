import { assertHmacMatches, hmac } from '../crypto.ts';
import { VerificationError } from '../errors.ts';
import { eventFacts, parseJsonObject, stringField } from '../payload.ts';
import {
  assertTimestampInWindow,
  parseUnixSeconds,
  requireHeader,
  requireSecrets,
} from '../request-parts.ts';
import type { WebhookScheme } from '../scheme.ts';

const SIGNATURE_HEADER = 'stripe-signature';

interface StripeSignature {
  readonly timestamp: string;
  readonly signatures: readonly string[];
}

/** Reads `t=…,v1=…[,v1=…][,v0=…]`: exactly one `t`, at least one `v1`; other schemes are ignored. */
const parseSignatureHeader = (header: string): StripeSignature => {
  const timestamps: string[] = [];
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const equals = item.indexOf('=');
    const key = item.slice(0, Math.max(equals, 0)).trim();
    const value = item.slice(equals + 1).trim();
    if (key === 't') timestamps.push(value);
    if (key === 'v1') signatures.push(value);
  }
  const [timestamp] = timestamps;
  if (timestamp === undefined || timestamps.length > 1) {
    throw new VerificationError('malformed_header', `${SIGNATURE_HEADER} needs exactly one t=`);
  }
  if (signatures.length === 0)
    throw new VerificationError('malformed_header', `${SIGNATURE_HEADER} has no v1=`);
  return { timestamp, signatures };
};

const signedParts = (timestamp: string, body: Buffer) => [`${timestamp}.`, body];

/** Stripe: hex HMAC-SHA256 over `{t}.{body}`, keyed by the whole `whsec_…` string. */
export const stripeScheme: WebhookScheme = {
  id: 'stripe',
  // Stripe sends nothing beside the signature that the envelope needs: id and type live in the body.
  capturedHeaders: [],

  verify(request, secrets) {
    const keys = requireSecrets(secrets);
    const { timestamp, signatures } = parseSignatureHeader(requireHeader(request.headers, SIGNATURE_HEADER));
    assertTimestampInWindow(parseUnixSeconds(timestamp, `${SIGNATURE_HEADER} t`), request.nowSeconds);
    const parts = signedParts(timestamp, request.body);
    assertHmacMatches({ algorithm: 'sha256', encoding: 'hex', keys, parts, candidates: signatures });
  },

  interpret(request) {
    const event = parseJsonObject(request.body);
    return eventFacts(stringField(event, 'id'), stringField(event, 'type'));
  },

  sign({ body, secret, nowSeconds }) {
    const timestamp = String(Math.floor(nowSeconds));
    const signature = hmac('sha256', secret, signedParts(timestamp, body), 'hex');
    return { headers: { [SIGNATURE_HEADER]: `t=${timestamp},v1=${signature}` }, query: '' };
  },
};
