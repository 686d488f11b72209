import * as z from 'zod';
import {
  AuthExpiredError,
  type Clock,
  type OperationError,
  parseRetryAfter,
  RetryableError,
  systemClock,
  trimBase,
} from '../../kernel/index.ts';
import {
  SLACK_ACCESS_LOST_ERRORS,
  SLACK_API_BASE_URL,
  SLACK_GRANT_ERRORS,
  SLACK_MAX_LIMIT,
  SLACK_RATE_LIMIT_ERRORS,
  SLACK_SERVER_ERRORS,
  SLACK_TOKEN_ERRORS,
  type SlackChannel,
  SlackChannelSchema,
  SlackErrorAnswerSchema,
  type SlackMember,
  SlackMemberSchema,
  slackErrorCode,
} from '../../vendors/slack/index.ts';
import { grantFrom, paceSlot } from './connector-kit.ts';
import { AuthRevokedError, VendorResponseError } from './errors.ts';
import { type FetchedPage, nextCursorOf, paginate } from './paginate.ts';
import { type DEFAULT_RATE_LIMITS, type RateLimitsOf, rateLimitsOf } from './rate-limits.ts';
import { SyncHttp, type TokenHolder, type VendorErrorReader } from './sync-http.ts';
import {
  type AccessGrant,
  type ConnectorRuntime,
  type ListOptions,
  type ListResult,
  pageSizeOf,
  type SyncAuth,
  type SyncConnector,
} from './types.ts';

/** A workspace's app credentials; `refreshToken` changes on every refresh (token rotation). */
export interface SlackCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

const Metadata = z.looseObject({ next_cursor: z.string().optional() }).optional();

const UsersPage = z
  .looseObject({ ok: z.literal(true), members: z.array(SlackMemberSchema), response_metadata: Metadata })
  .transform((page) => ({ records: page.members, next: nextCursorOf(page.response_metadata?.next_cursor) }));

const ChannelsPage = z
  .looseObject({ ok: z.literal(true), channels: z.array(SlackChannelSchema), response_metadata: Metadata })
  .transform((page) => ({ records: page.channels, next: nextCursorOf(page.response_metadata?.next_cursor) }));

const RotationSchema = z.looseObject({
  ok: z.literal(true),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** Errors worth one token refresh: the access token expired (12 h) or was replaced by a rotation elsewhere. */
const REFRESHABLE = SLACK_TOKEN_ERRORS;
/** Errors no retry or refresh can fix: the workspace must reconnect the app. */
const REVOKED = new Set([...SLACK_GRANT_ERRORS, ...SLACK_ACCESS_LOST_ERRORS]);
const TRANSIENT = new Set([...SLACK_RATE_LIMIT_ERRORS, ...SLACK_SERVER_ERRORS]);

const revokedHint = (code: string): string =>
  code === 'invalid_grant' || code === 'invalid_refresh_token'
    ? 'the refresh token was revoked or already rotated; reinstall the Slack app in the workspace'
    : 'the app lost access to the workspace; reinstall it or fix its client credentials';

/** Slack reports most errors as HTTP 200 `{ ok: false, error }`; real 429s and 5xx fall to the status. */
const readSlackError: VendorErrorReader = (answer, label): OperationError | null => {
  if (answer.status !== 200 || !SlackErrorAnswerSchema.safeParse(answer.json).success) return null;
  const code = slackErrorCode(answer.json) ?? 'unknown_error';
  const base = { attempts: answer.attempts, lastStatus: answer.status, failedAt: answer.now };
  const message = `SLACK ${label} answered ${code}`;
  if (REFRESHABLE.has(code)) return new AuthExpiredError({ ...base, code: 'auth_expired', message });
  if (REVOKED.has(code)) {
    const revoked = `${label} answered ${code}: ${revokedHint(code)}`;
    return new AuthRevokedError({ ...base, system: 'SLACK', message: revoked });
  }
  if (TRANSIENT.has(code)) {
    const retryAfterMs = parseRetryAfter(answer.headers, answer.now);
    const kind = SLACK_RATE_LIMIT_ERRORS.has(code) ? 'rate_limited' : 'server_error';
    return new RetryableError({ ...base, code: kind, message, retryAfterMs });
  }
  return new VendorResponseError({ ...base, system: 'SLACK', message: `${label} answered ${code}` });
};

/** Slack's sync API: members and channels of one workspace. */
export type SlackConnector = SyncConnector<SlackCredentials, SlackMember, SlackChannel>;

/** Settings of the Slack connector. */
export interface SlackConnectorOptions extends ConnectorRuntime<'SLACK'> {
  readonly apiBaseUrl?: string;
}

type SlackListMethod = keyof typeof DEFAULT_RATE_LIMITS.SLACK;

/** What the Slack connector's calls share. */
interface SlackContext {
  readonly base: string;
  readonly clock: Clock;
  readonly http: SyncHttp;
  readonly limits: RateLimitsOf<'SLACK'>;
}

/** A cursor-paginated list method, paced by its Tier 2 quota per workspace. */
const slackLister =
  <T>(
    ctx: SlackContext,
    method: SlackListMethod,
    params: Record<string, string>,
    schema: z.ZodType<FetchedPage<T>>,
  ) =>
  (auth: SyncAuth, list: ListOptions<T>): Promise<ListResult> => {
    const token: TokenHolder = { current: auth.accessToken, refresh: auth.refresh };
    const pace = [paceSlot('SLACK', auth.tenantKey, method, ctx.limits[method])];
    const limit = String(pageSizeOf(list.pageSize, SLACK_MAX_LIMIT));
    const fetchPage = (cursor: string | null) => {
      const query = new URLSearchParams({ ...params, limit, ...(cursor === null ? {} : { cursor }) });
      return ctx.http.call({ url: `${ctx.base}/${method}?${query}`, label: method, pace }, schema, token);
    };
    return paginate(fetchPage, list, { system: 'SLACK', clock: ctx.clock });
  };

/** Token rotation: `oauth.v2.access` answers a new access token and a new refresh token, revoking the old one. */
const rotateSlackToken = async (ctx: SlackContext, credentials: SlackCredentials): Promise<AccessGrant> => {
  const form = {
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    grant_type: 'refresh_token',
    refresh_token: credentials.refreshToken,
  };
  const url = `${ctx.base}/oauth.v2.access`;
  // Not idempotent: a lost answer would leave the old refresh token revoked, so only a 429 is retried.
  const request = { url, label: 'oauth.v2.access', method: 'POST', form, idempotent: false } as const;
  const answer = await ctx.http.call(request, RotationSchema);
  return grantFrom(answer, ctx.clock(), credentials.refreshToken);
};

/** A Slack connector: token rotation, `users.list`, and `conversations.list` (public and private, not archived). */
export const createSlackConnector = (options: SlackConnectorOptions = {}): SlackConnector => {
  const clock = options.clock ?? systemClock;
  const ctx: SlackContext = {
    base: trimBase(options.apiBaseUrl ?? SLACK_API_BASE_URL),
    clock,
    http: new SyncHttp({ ...options, clock, system: 'SLACK', readError: readSlackError }),
    limits: rateLimitsOf('SLACK', options.rateLimits),
  };
  const channelTypes = { types: 'public_channel,private_channel', exclude_archived: 'true' };
  return {
    system: 'SLACK',
    refreshToken: (credentials) => rotateSlackToken(ctx, credentials),
    listUsers: slackLister(ctx, 'users.list', {}, UsersPage),
    listGroups: slackLister(ctx, 'conversations.list', channelTypes, ChannelsPage),
  };
};
