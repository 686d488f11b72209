import { demoPayloads } from '../../infra/local/demo-payloads.ts';
import type { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { signRequest } from '../../infra/local/signed-request.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';
import type { RawRequest, RawResponse } from './bad-input-http.ts';

/** What every case may use to build its request: where the receiver listens, the demo secrets, and now. */
export interface CaseContext {
  readonly baseUrl: string;
  readonly secrets: LocalSecrets;
  readonly nowSeconds: number;
}

/**
 * One malformed request and the answer the contract documents for it. `layer: 'http'` marks requests that are
 * not valid HTTP (or exceed API Gateway's own limits): the layer in front of the receiver refuses them, so only
 * the status is specified, not the receiver's JSON body.
 */
export interface BadInputCase {
  readonly name: string;
  readonly expected: 200 | 400 | 401 | 404 | 405 | 413 | 417 | 431;
  readonly layer?: 'receiver' | 'http';
  readonly request: (context: CaseContext) => RawRequest;
  /** A problem with the answer beyond its status, or null when it is right. */
  readonly check?: (response: RawResponse) => string | null;
}

export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';

export const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** The current signing secret of a demo tenant × provider. */
export const secretOf = (context: CaseContext, provider: ProviderId, tenantId = TENANT): string => {
  const secret = context.secrets.secretsFor(tenantId, provider)[0];
  if (!secret) throw new Error(`no ${provider} secret for ${tenantId} in the demo secrets`);
  return secret;
};

export interface SignOptions {
  readonly tenantId?: string;
  /** Signs with this secret instead of the tenant's own. */
  readonly secret?: string;
  readonly body?: Buffer;
  readonly contentType?: string;
  readonly nowSeconds?: number;
  readonly query?: string;
  /** Base URL the signature is computed for (Twilio signs it); the request still goes to the receiver. */
  readonly signedBaseUrl?: string;
}

/** A POST the provider would send, signed by its own scheme; body and headers default to the demo payload. */
export const signed = (context: CaseContext, provider: ProviderId, options: SignOptions = {}): RawRequest => {
  const tenantId = options.tenantId ?? TENANT;
  const secret = options.secret ?? secretOf(context, provider, tenantId);
  const demo = demoPayloads[provider]({ tenantId, secret, now: new Date(context.nowSeconds * 1000) });
  const request = signRequest({
    baseUrl: options.signedBaseUrl ?? context.baseUrl,
    provider,
    tenantId,
    secret,
    body: options.body ?? demo.body,
    contentType: options.contentType ?? demo.contentType,
    nowSeconds: options.nowSeconds ?? context.nowSeconds,
    headers: demo.headers,
    query: options.query,
  });
  const url = new URL(request.url);
  return {
    method: 'POST',
    target: `${url.pathname}${url.search}`,
    headers: Object.entries(request.headers),
    body: request.body,
  };
};

/** The demo request of a provider without any signature header. */
export const unsigned = (context: CaseContext, provider: ProviderId, body?: Buffer): RawRequest => {
  const demo = demoPayloads[provider]({
    tenantId: TENANT,
    secret: 'unused',
    now: new Date(context.nowSeconds * 1000),
  });
  return {
    method: 'POST',
    target: `/webhooks/${provider}/${TENANT}`,
    headers: [['content-type', demo.contentType], ...Object.entries(demo.headers)],
    body: body ?? demo.body,
  };
};

/** The value of a header, by case-insensitive name. */
export const headerOf = (request: RawRequest, name: string): string =>
  request.headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? '';

/** Replaces (or with null removes) headers by case-insensitive name; new names are appended. */
export const withHeaders = (request: RawRequest, changes: Record<string, string | null>): RawRequest => {
  const lower = Object.fromEntries(Object.entries(changes).map(([n, v]) => [n.toLowerCase(), v]));
  const kept = request.headers
    .filter(([name]) => lower[name.toLowerCase()] !== null)
    .map(([name, value]): [string, string] => [name, lower[name.toLowerCase()] ?? value]);
  const present = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const added = Object.entries(lower).filter(
    (entry): entry is [string, string] => entry[1] !== null && !present.has(entry[0]),
  );
  return { ...request, headers: [...kept, ...added] };
};

/** Appends headers as they are, repeats included. */
export const addHeaders = (
  request: RawRequest,
  pairs: readonly (readonly [string, string])[],
): RawRequest => ({
  ...request,
  headers: [...request.headers, ...pairs],
});

/** The request sent to another target (path and query), headers and body unchanged. */
export const toTarget = (request: RawRequest, target: string): RawRequest => ({ ...request, target });

/** The webhook path of a provider with a tenant segment written exactly as given (no encoding). */
export const pathOf = (provider: string, tenantSegment = TENANT): string =>
  `/webhooks/${provider}/${tenantSegment}`;

/** A check that the response carries a header with exactly this value. */
export const expectHeader =
  (name: string, value: string) =>
  (response: RawResponse): string | null =>
    response.headers[name] === value ? null : `${name} is ${response.headers[name]}, expected ${value}`;
