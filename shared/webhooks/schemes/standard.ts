import { assertHmacMatches, hmac, randomToken } from '../crypto.ts';
import { VerificationError } from '../errors.ts';
import { eventFacts, stringField, tryParseJsonObject } from '../payload.ts';
import {
  readFirstHeader,
  readHeader,
  requireHeader,
  requireSecrets,
  requireTimestamp,
} from '../request-parts.ts';
import type { WebhookRequest, WebhookScheme } from '../scheme.ts';

const SECRET_PREFIX = 'whsec_';
const WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' };
const SVIX_HEADERS = { id: 'svix-id', timestamp: 'svix-timestamp', signature: 'svix-signature' };

/** One family of names for the three headers; never a mix, so a half-renamed request fails closed. */
const headerNames = (headers: WebhookRequest['headers']): typeof WEBHOOK_HEADERS =>
  Object.values(WEBHOOK_HEADERS).some((name) => readHeader(headers, name) !== undefined)
    ? WEBHOOK_HEADERS
    : SVIX_HEADERS;

const BASE64 = /^[A-Za-z0-9+/]+$/;

/** The HMAC key of a secret, or null when it is not base64: such a secret simply cannot match. */
const decodeSecret = (secret: string): Buffer | null => {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const unpadded = encoded.replace(/={1,2}$/, '');
  const paddingOk = unpadded.length === encoded.length || encoded.length % 4 === 0;
  if (!BASE64.test(unpadded) || unpadded.length % 4 === 1 || !paddingOk) return null;
  return Buffer.from(unpadded, 'base64');
};

/** The `v1` signatures of a space-separated `version,signature` list; other versions are ignored. */
const v1Signatures = (header: string): string[] =>
  header.split(' ').flatMap((entry) => {
    const comma = entry.indexOf(',');
    return comma > 0 && entry.slice(0, comma) === 'v1' ? [entry.slice(comma + 1)] : [];
  });

const signedParts = (id: string, timestamp: string, body: Buffer) => [`${id}.${timestamp}.`, body];

/** Standard Webhooks (and Svix): base64 HMAC-SHA256 over `{id}.{timestamp}.{body}`. */
export const standardScheme: WebhookScheme = {
  id: 'standard',
  capturedHeaders: ['webhook-id', 'webhook-timestamp', 'svix-id', 'svix-timestamp'],

  verify(request, secrets) {
    const usable = requireSecrets(secrets);
    const names = headerNames(request.headers);
    const id = requireHeader(request.headers, names.id);
    const header = requireHeader(request.headers, names.signature);
    const timestamp = requireTimestamp(request, names.timestamp);
    const candidates = v1Signatures(header);
    if (candidates.length === 0) {
      throw new VerificationError('malformed_header', `${names.signature} has no v1 entry`);
    }
    const keys = usable.map(decodeSecret).filter((key): key is Buffer => key !== null && key.length > 0);
    const parts = signedParts(id, timestamp, request.body);
    assertHmacMatches({ algorithm: 'sha256', encoding: 'base64', keys, parts, candidates });
  },

  interpret(request) {
    const id = readFirstHeader(request.headers, [WEBHOOK_HEADERS.id, SVIX_HEADERS.id]) ?? null;
    const body = tryParseJsonObject(request.body);
    return eventFacts(id, body ? stringField(body, 'type') : null);
  },

  sign({ body, secret, nowSeconds, id: givenId }) {
    const key = decodeSecret(secret);
    if (!key || key.length === 0) throw new TypeError('a Standard Webhooks secret must be base64');
    // Re-signed deliveries pass the platform event id, so receivers can deduplicate on `webhook-id`.
    const id = givenId ?? `msg_${randomToken()}`;
    const timestamp = String(Math.floor(nowSeconds));
    const signature = hmac('sha256', key, signedParts(id, timestamp, body), 'base64');
    const headers = {
      [WEBHOOK_HEADERS.id]: id,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: `v1,${signature}`,
    };
    return { headers, query: '' };
  },
};
