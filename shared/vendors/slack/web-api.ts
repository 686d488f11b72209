import * as z from 'zod';
import type { RateLimitRule } from '../../kernel/rate-limiter.ts';

/** Where the Slack Web API lives; local mode and tests point it at the fake. */
export const SLACK_API_BASE_URL = 'https://slack.com/api';

/** `limit` above this is refused by `conversations.list` (users.list documents no cap but no more is useful). */
export const SLACK_MAX_LIMIT = 1_000;

/** `chat.postMessage` text is truncated by Slack past 40,000 characters. */
export const SLACK_MAX_TEXT_LENGTH = 40_000;

/** Access tokens of apps with token rotation live 12 hours. */
export const SLACK_ACCESS_TOKEN_LIFETIME_S = 43_200;

/**
 * Slack's quotas per method per workspace: `users.list` and `conversations.list` are Tier 2, "20+ per minute"
 * (api.slack.com/docs/rate-limits).
 */
export const SLACK_RATE_LIMITS = {
  'users.list': { limit: 20, windowMs: 60_000 },
  'conversations.list': { limit: 20, windowMs: 60_000 },
} as const satisfies Readonly<Record<string, RateLimitRule>>;

// Slack answers most failures with HTTP 200 and `{ok: false, error}`. The families below are how every caller
// reads those codes; what each does about them (refresh, retry, give up) is the caller's business.

/** The access token is no good (expired, replaced by a rotation elsewhere, or missing): worth one refresh. */
export const SLACK_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'token_expired',
  'not_authed',
]);

/** The workspace took the app's access away: only reconnecting the app helps. */
export const SLACK_ACCESS_LOST_ERRORS: ReadonlySet<string> = new Set(['token_revoked', 'account_inactive']);

/** `oauth.v2.access` refused the stored grant or the client credentials. */
export const SLACK_GRANT_ERRORS: ReadonlySet<string> = new Set([
  'invalid_grant',
  'invalid_refresh_token',
  'invalid_client_id',
  'bad_client_secret',
]);

/** Slack's rate limiting, as a code (a real 429 carries `Retry-After` as well). */
export const SLACK_RATE_LIMIT_ERRORS: ReadonlySet<string> = new Set(['ratelimited', 'rate_limited']);

/** Slack's own transient failures, reported as HTTP 200. */
export const SLACK_SERVER_ERRORS: ReadonlySet<string> = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Slack's refusal: HTTP 200 with `{ ok: false, error }`. */
export const SlackErrorAnswerSchema = z.looseObject({ ok: z.literal(false), error: z.string() });

/**
 * Slack's `error` code from a parsed answer: null for `ok: true`, `unknown_error` when `ok` is false without a
 * code of the documented shape. Only such a code is kept: it ends up in logs.
 */
export const slackErrorCode = (answer: unknown): string | null => {
  if (typeof answer !== 'object' || answer === null) return 'unknown_error';
  const { ok, error } = answer as { ok?: unknown; error?: unknown };
  if (ok === true) return null;
  return typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : 'unknown_error';
};
