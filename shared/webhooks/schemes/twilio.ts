import { hmac, hmacMatches, safeEqual, sha256Hex } from '../crypto.ts';
import { VerificationError } from '../errors.ts';
import {
  eventFacts,
  isFormContentType,
  isFormRequest,
  parseForm,
  parseJsonObject,
  stringField,
} from '../payload.ts';
import { readHeader, requireHeader, requireSecrets } from '../request-parts.ts';
import type { EventFacts, WebhookRequest, WebhookScheme } from '../scheme.ts';
import { appendQuery, queryParam, twilioUrlVariants } from '../twilio-url.ts';

const SIGNATURE_HEADER = 'x-twilio-signature';
const IDEMPOTENCY_HEADER = 'i-twilio-idempotency-token';
const BODY_HASH_PARAM = 'bodySHA256';
const SHA1_BASE64 = { algorithm: 'sha1', encoding: 'base64' } as const;

/**
 * The string Twilio signs: the URL, then for each form key in sorted order the key and each of its distinct
 * values in sorted order. Matches `getExpectedTwilioSignature`, which de-duplicates repeated values.
 */
export const twilioSignedString = (url: string, params: URLSearchParams | null): string => {
  if (!params) return url;
  const grouped = new Map<string, string[]>();
  // Appended in place: copying the list per value made a body of one key repeated n times cost O(n²) before
  // any signature was checked, so an unsigned request could hold the receiver for seconds.
  for (const [key, value] of params) {
    const values = grouped.get(key);
    if (values) values.push(value);
    else grouped.set(key, [value]);
  }
  // Default sort (UTF-16 code units) on purpose: it is what Twilio's own library does.
  return [...grouped.keys()].sort().reduce((signed, key) => {
    const values = [...new Set(grouped.get(key))].sort();
    return signed + values.map((value) => key + value).join('');
  }, url);
};

/**
 * The form parameters covered by the signature, or null when the URL alone is signed (a `bodySHA256` body
 * or an empty body). A non-form body without `bodySHA256` is covered by nothing, so it is rejected.
 */
const signedParams = (request: WebhookRequest): URLSearchParams | null => {
  if (queryParam(request.publicUrl, BODY_HASH_PARAM) !== null) return null;
  if (isFormRequest(request.headers)) return parseForm(request.body);
  if (request.body.length === 0) return null;
  throw new VerificationError('missing_header', `non-form body without ${BODY_HASH_PARAM} in the URL`);
};

const assertBodyHash = (request: WebhookRequest): void => {
  const expected = queryParam(request.publicUrl, BODY_HASH_PARAM);
  if (expected !== null && !safeEqual(sha256Hex(request.body), expected)) {
    throw new VerificationError('signature_mismatch', `body does not match ${BODY_HASH_PARAM}`);
  }
};

/** Reads a field of the form or JSON body Twilio sent. */
const bodyFields = (request: WebhookRequest): ((name: string) => string | null) => {
  if (isFormRequest(request.headers) || request.body.length === 0) {
    const form = parseForm(request.body);
    return (name) => form.get(name);
  }
  const json = parseJsonObject(request.body);
  return (name) => stringField(json, name);
};

const CALL_FINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/**
 * Messages and calls. Status callbacks get the status in their id, since one MessageSid/CallSid sees several
 * statuses that must not be de-duplicated into one. Incoming messages carry `SmsStatus=received` and incoming
 * calls `CallStatus=ringing`, so a status field alone does not make a status callback.
 */
const classify = (field: (name: string) => string | null, idempotencyToken: string | null): EventFacts => {
  const messageSid = field('MessageSid');
  if (messageSid !== null) {
    const smsStatus = field('SmsStatus');
    const status = field('MessageStatus') ?? (smsStatus === 'received' ? null : smsStatus);
    return status
      ? eventFacts(`${messageSid}:${status}`, 'message.status')
      : eventFacts(messageSid, 'message');
  }
  const callSid = field('CallSid');
  if (callSid !== null) {
    const status = field('CallStatus');
    const isCallback =
      field('CallbackSource') !== null || (status !== null && CALL_FINAL_STATUSES.has(status));
    return isCallback
      ? eventFacts([callSid, status].filter(Boolean).join(':'), 'call.status')
      : eventFacts(callSid, 'call');
  }
  return eventFacts(idempotencyToken, null);
};

/** Twilio: base64 HMAC-SHA1 over the public URL plus sorted form parameters, keyed by the auth token. */
export const twilioScheme: WebhookScheme = {
  id: 'twilio',
  capturedHeaders: [IDEMPOTENCY_HEADER, 'x-home-region'],

  verify(request, secrets) {
    const keys = requireSecrets(secrets);
    const signature = requireHeader(request.headers, SIGNATURE_HEADER);
    const params = signedParams(request);
    const verified = twilioUrlVariants(request.publicUrl).some((url) =>
      hmacMatches({
        ...SHA1_BASE64,
        keys,
        parts: [twilioSignedString(url, params)],
        candidates: [signature],
      }),
    );
    if (!verified) throw new VerificationError('signature_mismatch', 'no signature matches any secret');
    assertBodyHash(request);
  },

  interpret: (request) =>
    classify(bodyFields(request), readHeader(request.headers, IDEMPOTENCY_HEADER) ?? null),

  sign({ body, secret, url, contentType }) {
    const isForm = isFormContentType(contentType);
    const query = isForm ? '' : `${BODY_HASH_PARAM}=${sha256Hex(body)}`;
    const signed = twilioSignedString(appendQuery(url, query), isForm ? parseForm(body) : null);
    return { headers: { [SIGNATURE_HEADER]: hmac('sha1', secret, [signed], 'base64') }, query };
  },
};
