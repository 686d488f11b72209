import type { Clock } from '../../../kernel/clock.ts';
import { AuthExpiredError, type OperationError } from '../../../kernel/errors.ts';
import type { OutboundHttpClient, OutboundResponse } from '../../../kernel/http/outbound-client.ts';
import type { ChatSystem } from '../../../tenants/destinations.ts';
import type { Integration } from '../../../tenants/tenant-file.ts';
import { permanent } from '../failures.ts';

/** Whose token is wanted, and by when a fetch must be over (the delivery's deadline). */
export interface TokenContext {
  readonly tenantId: string;
  readonly integration: Integration;
  readonly deadline: number;
}

/** A bearer token for a tenant's integration with one chat system. */
export interface TokenProvider {
  /** Cached until shortly before it expires; `refresh` skips the cache (the last one was refused). */
  getToken(context: TokenContext, refresh: boolean): Promise<string>;
}

/** Whose token had trouble: never the token itself. */
export interface TokenEvent {
  readonly tenantId: string;
  readonly system: ChatSystem;
  /** The integration secret's name or ARN. */
  readonly secret: string;
}

/** Token trouble an operator must hear about; the worker logs and counts it. */
export interface TokenRefreshObserver {
  /** The token endpoint refused the stored grant (`invalid_grant`): the tenant must connect the system again. */
  grantRefused(event: TokenEvent): void;
  /** A rotated refresh token was not stored (the delivery went on; the redeemed token still works for now). */
  rotationNotStored(event: TokenEvent & { readonly reason: string }): void;
}

/** A fetched token and how long it lives; `refreshToken` when the endpoint issued a new one. */
export interface FetchedToken {
  readonly token: string;
  readonly expiresInMs: number;
  readonly refreshToken?: string;
}

/**
 * The token endpoint answered `invalid_grant`: the grant (a refresh token, an assertion) is revoked, expired or
 * was never valid. Permanent: the same grant is refused on every try until someone connects the system again.
 */
export class GrantRefusedError extends AuthExpiredError {
  public override readonly name: string = 'GrantRefusedError';
}

/** Tokens are dropped this long before their stated expiry, so none expires in flight. */
const EARLY_EXPIRY_MS = 5 * 60_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  promise: Promise<string>;
  expiresAt: number;
}

/** Caches tokens per key; concurrent records needing the same token share one fetch. */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  public constructor(private readonly clock: Clock) {}

  /** The cached token of `key`, or a fresh one from `fetch`; a failed fetch is not cached. */
  public get(key: string, refresh: boolean, fetch: () => Promise<FetchedToken>): Promise<string> {
    const cached = this.entries.get(key);
    if (!refresh && cached !== undefined && cached.expiresAt > this.clock()) return cached.promise;
    // In flight it never expires, so every caller meanwhile waits for this one fetch.
    const entry: Entry = { promise: Promise.resolve(''), expiresAt: Number.POSITIVE_INFINITY };
    entry.promise = fetch().then(
      ({ token, expiresInMs }) => {
        entry.expiresAt = this.clock() + Math.max(0, expiresInMs - EARLY_EXPIRY_MS);
        return token;
      },
      (error: unknown) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return entry.promise;
  }
}

/** An OAuth 2.0 token request (form-encoded POST), sent through the outbound client. */
export interface TokenRequest {
  readonly destinationId: string;
  readonly url: string;
  readonly form: Record<string, string>;
  readonly deadline: number;
  readonly perAttemptTimeoutMs: number;
  /** Names the token's owner in errors (`TEAMS token for acme`), never its value. */
  readonly label: string;
  /** What to do about an `invalid_grant`, appended to the failure's message. */
  readonly onInvalidGrant?: string;
}

/** Statuses an OAuth 2.0 token endpoint explains in its body (RFC 6749 §5.2). */
const OAUTH_ERROR_STATUSES = [400, 401] as const;

/** The OAuth `error` code of a refusal; only a known-shaped code is kept, as it ends up in logs. */
const oauthErrorOf = (body: string): string => {
  try {
    const { error } = JSON.parse(body) as { error?: unknown };
    return typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : 'unknown_error';
  } catch {
    return 'unknown_error';
  }
};

/** The classified refusal of a token request (never quoting the body beyond its error code). */
const refusal = (request: TokenRequest, response: OutboundResponse, now: number): OperationError => {
  const error = oauthErrorOf(response.body);
  const at = { attempts: response.attempts, lastStatus: response.status, failedAt: now };
  if (error === 'invalid_grant') {
    const hint = request.onInvalidGrant === undefined ? '' : `: ${request.onInvalidGrant}`;
    const message = `${request.label}: the token endpoint refused the grant (invalid_grant)${hint}`;
    return new GrantRefusedError({ ...at, code: 'auth_expired', message });
  }
  const message = `${request.label}: the token endpoint answered HTTP ${response.status} ${error}`;
  return response.status === 401
    ? new AuthExpiredError({ ...at, code: 'auth_expired', message })
    : permanent('client_error', message, now, at);
};

/**
 * Requests a token; a refusal (400/401) or an answer without `access_token` is permanent (the grant is
 * misconfigured or revoked: `GrantRefusedError` for `invalid_grant`).
 */
export const requestToken = async (
  client: OutboundHttpClient,
  request: TokenRequest,
  clock: Clock,
): Promise<FetchedToken> => {
  const response = await client.send(
    {
      destinationId: request.destinationId,
      kind: 'chat',
      url: request.url,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(request.form).toString(),
    },
    {
      deadline: request.deadline,
      perAttemptTimeoutMs: request.perAttemptTimeoutMs,
      answerStatuses: OAUTH_ERROR_STATUSES,
    },
  );
  if (response.status >= 400) throw refusal(request, response, clock());
  let parsed: { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown } = {};
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    // Reported below without quoting the body, which may hold a token.
  }
  if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
    throw permanent(
      'invalid_request',
      `${request.label}: the token endpoint returned no access_token`,
      clock(),
    );
  }
  // LINE WORKS sends expires_in as a string of seconds, Microsoft as a number.
  const seconds = Number(parsed.expires_in);
  const refreshToken = typeof parsed.refresh_token === 'string' ? parsed.refresh_token : '';
  return {
    token: parsed.access_token,
    expiresInMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0,
    ...(refreshToken === '' ? {} : { refreshToken }),
  };
};
