import { type BodyHmacOptions, signBodyHmac, verifyBodyHmac } from '../body-hmac.ts';
import { MalformedPayloadError } from '../errors.ts';
import { eventFacts, isFormRequest, parseForm, parseJsonObject, parseJsonObjectText } from '../payload.ts';
import { readHeader } from '../request-parts.ts';
import type { WebhookRequest, WebhookScheme } from '../scheme.ts';

// Only the SHA-256 header: the legacy `x-hub-signature` (SHA-1) is never accepted in its place.
const SIGNATURE_HEADER = 'x-hub-signature-256';
const SIGNATURE: BodyHmacOptions = { headers: [SIGNATURE_HEADER], encoding: 'hex', prefix: 'sha256=' };

/** Checks that the body is GitHub's JSON, sent either raw or as the `payload` form field. */
const assertPayloadParses = (request: WebhookRequest): void => {
  if (!isFormRequest(request.headers)) {
    parseJsonObject(request.body);
    return;
  }
  const payload = parseForm(request.body).get('payload');
  if (payload === null) throw new MalformedPayloadError('form body has no payload field');
  parseJsonObjectText(payload, 'payload field');
};

/** GitHub: hex HMAC-SHA256 of the raw body in `x-hub-signature-256: sha256=…`; no timestamp. */
export const githubScheme: WebhookScheme = {
  id: 'github',
  capturedHeaders: [
    'x-github-delivery',
    'x-github-event',
    'x-github-hook-id',
    'x-github-hook-installation-target-id',
    'x-github-hook-installation-target-type',
  ],

  verify: (request, secrets) => verifyBodyHmac(request, secrets, SIGNATURE),

  interpret(request) {
    assertPayloadParses(request);
    return eventFacts(
      readHeader(request.headers, 'x-github-delivery') ?? null,
      readHeader(request.headers, 'x-github-event') ?? null,
    );
  },

  sign: ({ body, secret }) => ({
    headers: { [SIGNATURE_HEADER]: signBodyHmac(body, secret, SIGNATURE) },
    query: '',
  }),
};
