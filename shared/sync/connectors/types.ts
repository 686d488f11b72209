import type { Clock, Random, RetryPolicy, Sleep } from '../../kernel/index.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';
import type { RateLimitsOf, RatePacer } from './rate-limits.ts';

/** A fresh access token, and the refresh token that replaces the stored one when the vendor rotated it. */
export interface AccessGrant {
  readonly accessToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** The vendor issued a new refresh token and may have revoked the old one: store it atomically, first. */
  readonly rotated?: { readonly refreshToken: string };
}

/** The token a listing uses, whose it is, and how to replace it once when the vendor refuses it. */
export interface SyncAuth {
  /** The workspace, tenant or domain the token belongs to: quotas are per tenant, so pacing is keyed by it. */
  readonly tenantKey: string;
  readonly accessToken: string;
  /**
   * Called at most once per request after the vendor refused the token as expired or invalid; returns the new
   * access token. The caller refreshes (and stores a rotated refresh token) itself, so the connector never holds
   * long-lived credentials.
   */
  readonly refresh?: () => Promise<string>;
}

/** Where a page sits in its listing. */
export interface PageInfo {
  /** 0 for the first page this call fetched. */
  readonly index: number;
  /** The cursor that fetched this page, `null` for the very first. */
  readonly cursor: string | null;
  /** The cursor of the next page, `null` on the last. */
  readonly nextCursor: string | null;
}

/** How to list, and where the records go. */
export interface ListOptions<T> {
  /** Records per page, capped at the vendor's maximum; default 100 (the CLI's `--batch-size`). */
  readonly pageSize?: number;
  /** Receives each page in order; the next page is fetched once it resolves, so a slow consumer slows the listing. */
  readonly onPage: (records: readonly T[], page: PageInfo) => void | Promise<void>;
  /** Resume from `RateLimitWaitRequiredError.resumeCursor` after a Wait state. */
  readonly cursor?: string | null;
}

/** What a listing did. */
export interface ListResult {
  readonly pages: number;
  readonly records: number;
}

/** One chat system's sync API: tokens, then users and groups as raw vendor records, page by page. */
export interface SyncConnector<TCredentials, TUser, TGroup> {
  readonly system: ChatSystem;
  readonly refreshToken: (credentials: TCredentials) => Promise<AccessGrant>;
  readonly listUsers: (auth: SyncAuth, options: ListOptions<TUser>) => Promise<ListResult>;
  readonly listGroups: (auth: SyncAuth, options: ListOptions<TGroup>) => Promise<ListResult>;
}

/** What every connector takes besides its base URLs; all optional, defaults are the real ones. */
export interface ConnectorRuntime<S extends ChatSystem> {
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly random?: Random;
  readonly retryPolicy?: RetryPolicy;
  /** Share one across connectors of a Lambda instance; buckets are keyed by system, tenant and method. */
  readonly pacer?: RatePacer;
  /** Overrides of `DEFAULT_RATE_LIMITS[system]`, per method. */
  readonly rateLimits?: Partial<RateLimitsOf<S>>;
  readonly timeoutMs?: number;
  readonly retries?: number;
  /** Waits longer than this throw `RateLimitWaitRequiredError` instead of sleeping. */
  readonly maxInLambdaWaitMs?: number;
}

/** The page size when the caller gives none: the spec's `--batch-size` default. */
export const DEFAULT_PAGE_SIZE = 100;

/** A page size the vendor accepts: the requested one (or 100), capped at `max`. */
export const pageSizeOf = (requested: number | undefined, max: number): number => {
  const size = requested ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError('pageSize must be a positive integer');
  return Math.min(size, max);
};
