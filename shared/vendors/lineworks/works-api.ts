import { trimBase } from '../../kernel/http/url.ts';
import type { RateLimitRule } from '../../kernel/rate-limiter.ts';

/** LINE WORKS API 2.0; local mode and tests point it at the fake. */
export const LINE_WORKS_API_BASE_URL = 'https://www.worksapis.com';
/** The authorization server; its token endpoint is `/oauth2/v2.0/token`. */
export const LINE_WORKS_AUTH_BASE_URL = 'https://auth.worksmobile.com';

/** The token endpoint under an authorization server's base URL. */
export const lineWorksTokenUrl = (authBaseUrl: string): string =>
  `${trimBase(authBaseUrl)}/oauth2/v2.0/token`;

/** The RFC 7523 grant type of a service-account assertion. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** `count` above this is refused by the directory lists. */
export const LINE_WORKS_MAX_COUNT = 100;
/** A bot's text message holds at most 2,000 characters. */
export const LINE_WORKS_MAX_TEXT_LENGTH = 2_000;

/** The path of a bot's message to a channel (a talk room the bot has joined). */
export const botChannelMessagePath = (botId: string, channelId: string): string =>
  `/v1.0/bots/${encodeURIComponent(botId)}/channels/${encodeURIComponent(channelId)}/messages`;

/**
 * 240 requests per minute per API per domain (developers.worksmobile.com, API rate limits; the free plan's
 * 60/min cannot use the directory scopes these calls need).
 */
export const LINE_WORKS_RATE_LIMITS = {
  users: { limit: 240, windowMs: 60_000 },
  groups: { limit: 240, windowMs: 60_000 },
} as const satisfies Readonly<Record<string, RateLimitRule>>;

/** LINE WORKS' `{ code, description }` error code, or null when the answer has none. */
export const lineWorksErrorCode = (answer: unknown): string | null => {
  if (typeof answer !== 'object' || answer === null) return null;
  const code = (answer as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
};
