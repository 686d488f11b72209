import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { getScheme } from '../../shared/webhooks/registry.ts';

/**
 * Builds webhook requests the way each provider would send them, signed with the provider's own scheme.
 * The demo, the printed curl example and the integration tests all go through here, so they cannot
 * drift from what the receiver verifies.
 */

export interface SignRequestInput {
  /** Public base URL the receiver is configured with (`PUBLIC_BASE_URL`), e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  readonly provider: ProviderId;
  readonly tenantId: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly secret: string;
  /** Defaults to now; pass an old value to produce a stale signature. */
  readonly nowSeconds?: number;
  /** Provider headers that are not part of the signature (event type, delivery id, user agent). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Query string the provider itself adds (without `?`), e.g. Graph's `validationToken`. */
  readonly query?: string;
}

export interface SignedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The public webhook URL of a tenant × provider, without a query string. */
export const webhookUrl = (baseUrl: string, provider: string, tenantId: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/webhooks/${encodeURIComponent(provider)}/${encodeURIComponent(tenantId)}`;

const joinQuery = (...parts: (string | undefined)[]): string =>
  parts.filter((part): part is string => Boolean(part)).join('&');

/** Signs a request with the provider's scheme; the result is ready for `fetch`. */
export const signRequest = (input: SignRequestInput): SignedRequest => {
  const url = webhookUrl(input.baseUrl, input.provider, input.tenantId);
  const signed = getScheme(input.provider).sign({
    body: input.body,
    secret: input.secret,
    nowSeconds: input.nowSeconds ?? Math.floor(Date.now() / 1000),
    url: input.query ? `${url}?${input.query}` : url,
    contentType: input.contentType,
  });
  const query = joinQuery(input.query, signed.query);
  return {
    url: query ? `${url}?${query}` : url,
    headers: { 'content-type': input.contentType, ...input.headers, ...signed.headers },
    body: input.body,
  };
};

/** An unsigned request (handshakes that providers send without a signature, negative tests). */
export const unsignedRequest = (input: Omit<SignRequestInput, 'secret' | 'nowSeconds'>): SignedRequest => {
  const url = webhookUrl(input.baseUrl, input.provider, input.tenantId);
  return {
    url: input.query ? `${url}?${input.query}` : url,
    headers: { 'content-type': input.contentType, ...input.headers },
    body: input.body,
  };
};

export interface SentRequest {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** `event_id` of a 202 answer, when the body carried one. */
  readonly eventId: string | undefined;
}

/** POSTs (or sends with another method) a built request and reads the whole answer. */
export const sendRequest = async (request: SignedRequest, method = 'POST'): Promise<SentRequest> => {
  const response = await fetch(request.url, {
    method,
    headers: request.headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : request.body,
  });
  const text = await response.text();
  let eventId: string | undefined;
  if (response.status === 202) {
    try {
      eventId = (JSON.parse(text) as { event_id?: string }).event_id;
    } catch {
      eventId = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, eventId };
};
