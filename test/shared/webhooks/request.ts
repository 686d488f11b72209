import { VerificationError, type VerificationFailureReason } from '../../../shared/webhooks/errors.ts';
import type { WebhookRequest, WebhookScheme } from '../../../shared/webhooks/scheme.ts';
import { appendQuery } from '../../../shared/webhooks/twilio-url.ts';

/** A fixed "now" for every test, in unix seconds. */
export const NOW = 1_700_000_000;
export const PUBLIC_URL = 'https://hooks.example.com/webhooks/generic/acme';

export interface RequestInit {
  readonly body?: Buffer | string;
  readonly headers?: Record<string, string>;
  readonly rawQueryString?: string;
  readonly publicUrl?: string;
  readonly nowSeconds?: number;
}

/** A webhook request with sensible defaults: empty body, no headers, no query, `NOW`. */
export const makeRequest = (init: RequestInit = {}): WebhookRequest => ({
  body: typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : (init.body ?? Buffer.alloc(0)),
  headers: init.headers ?? {},
  rawQueryString: init.rawQueryString ?? '',
  publicUrl: init.publicUrl ?? PUBLIC_URL,
  nowSeconds: init.nowSeconds ?? NOW,
});

export interface SignedRequestInit {
  readonly body: Buffer | string;
  readonly secret: string;
  readonly contentType?: string;
  /** When the sender signed, in unix seconds. */
  readonly signedAt?: number;
  /** When the receiver verifies, in unix seconds. */
  readonly nowSeconds?: number;
  readonly url?: string;
  readonly headers?: Record<string, string>;
}

/** A request signed by the scheme's own `sign()`, as the demo and docs would send it. */
export const signedRequest = (scheme: WebhookScheme, init: SignedRequestInit): WebhookRequest => {
  const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : init.body;
  const contentType = init.contentType ?? 'application/json';
  const url = init.url ?? PUBLIC_URL;
  const signed = scheme.sign({
    body,
    secret: init.secret,
    nowSeconds: init.signedAt ?? NOW,
    url,
    contentType,
  });
  const publicUrl = appendQuery(url, signed.query);
  const queryStart = publicUrl.indexOf('?');
  return makeRequest({
    body,
    headers: { 'content-type': contentType, ...init.headers, ...signed.headers },
    publicUrl,
    rawQueryString: queryStart === -1 ? '' : publicUrl.slice(queryStart + 1),
    nowSeconds: init.nowSeconds ?? NOW,
  });
};

/** The request with some headers replaced or added. */
export const withHeaders = (request: WebhookRequest, headers: Record<string, string>): WebhookRequest => ({
  ...request,
  headers: { ...request.headers, ...headers },
});

/** The request without the named header. */
export const withoutHeader = (request: WebhookRequest, name: string): WebhookRequest => {
  const { [name]: _removed, ...headers } = request.headers;
  return { ...request, headers };
};

/** The request with a different body and everything else unchanged. */
export const withBody = (request: WebhookRequest, body: Buffer | string): WebhookRequest => ({
  ...request,
  body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
});

/** A copy of the bytes with one byte changed. */
export const flipByte = (bytes: Buffer, index = bytes.length - 1): Buffer => {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
};

/**
 * The reason of the VerificationError `act` throws, or null when it does not throw. Any other error fails the
 * test, since a verifier must reject with one typed error.
 */
export const rejectionReason = (act: () => void): VerificationFailureReason | null => {
  try {
    act();
    return null;
  } catch (error) {
    if (error instanceof VerificationError) return error.reason;
    throw error;
  }
};
