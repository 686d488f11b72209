import { trimBase } from '../../kernel/http/url.ts';
import type { RateLimitRule } from '../../kernel/rate-limiter.ts';

/** Microsoft Graph; local mode and tests point it at the fake. */
export const GRAPH_API_BASE_URL = 'https://graph.microsoft.com';
/** The Microsoft identity platform; its token endpoints live under `/{tenant}/oauth2/v2.0/token`. */
export const GRAPH_LOGIN_BASE_URL = 'https://login.microsoftonline.com';

/** The token endpoint of one Azure AD tenant (directory id or domain). */
export const graphTokenUrl = (loginBaseUrl: string, directory: string): string =>
  `${trimBase(loginBaseUrl)}/${encodeURIComponent(directory)}/oauth2/v2.0/token`;

/** The application permissions the app was granted (client-credentials flow). */
export const GRAPH_APP_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Delegated scopes: Graph accepts `POST …/channels/{id}/messages` from an application-only token only while a
 * channel is being imported, so channel messages are sent as a user who consented to `ChannelMessage.Send`.
 * `offline_access` keeps a refresh token coming.
 */
export const CHANNEL_MESSAGE_SCOPE = 'https://graph.microsoft.com/ChannelMessage.Send offline_access';

/** The user fields sync reads, as a `$select`. */
export const GRAPH_USER_SELECT = 'id,displayName,mail,userPrincipalName,accountEnabled';
/** `$top` above this is refused. */
export const GRAPH_MAX_TOP = 999;
/** Teams refuses channel messages over about 28 KB. */
export const TEAMS_MAX_TEXT_LENGTH = 28_000;

/** The path of a channel's messages. */
export const channelMessagesPath = (teamId: string, channelId: string): string =>
  `/v1.0/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/messages`;

/**
 * Microsoft Graph throttling limits (learn.microsoft.com/graph/throttling-limits). `teams`: "GET team, channel"
 * 30 rps per app per tenant, shared by `GET /teams` and `GET /teams/{id}/channels` (the page lists 60 rps for the
 * latter alone; sharing 30 is the safe reading); `team`: "4 requests per second per app on a given team";
 * `users`: identity and access, 3,500 resource units per 10 s per app+tenant for the smallest tenants, and
 * `GET users` costs 2 units → 1,750 requests per 10 s.
 */
export const GRAPH_RATE_LIMITS = {
  users: { limit: 1_750, windowMs: 10_000 },
  teams: { limit: 30, windowMs: 1_000 },
  team: { limit: 4, windowMs: 1_000 },
} as const satisfies Readonly<Record<string, RateLimitRule>>;

/** Graph's `{ error: { code } }`, or null when the answer has none. */
export const graphErrorCode = (answer: unknown): string | null => {
  if (typeof answer !== 'object' || answer === null) return null;
  const error = (answer as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
};
