import type { Integration } from '../../../tenants/tenant-file.ts';
import type { OutboundHttpClient } from '../../outbound-client.ts';
import type { Clock } from '../../runtime.ts';
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

/** A fetched token and how long it lives. */
export interface FetchedToken {
  readonly token: string;
  readonly expiresInMs: number;
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
}

/** Requests a token; an answer without `access_token` is permanent (the grant is misconfigured). */
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
    { deadline: request.deadline, perAttemptTimeoutMs: request.perAttemptTimeoutMs },
  );
  let parsed: { access_token?: unknown; expires_in?: unknown } = {};
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
  return {
    token: parsed.access_token,
    expiresInMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0,
  };
};
