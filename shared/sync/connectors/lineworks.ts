import * as z from 'zod';
import { type Clock, trimBase } from '../../kernel/index.ts';
import {
  JWT_BEARER_GRANT,
  LINE_WORKS_API_BASE_URL,
  LINE_WORKS_AUTH_BASE_URL,
  LINE_WORKS_MAX_COUNT,
  type LineWorksGroup,
  LineWorksGroupSchema,
  type LineWorksUser,
  LineWorksUserSchema,
  lineWorksErrorCode,
  lineWorksTokenUrl,
  serviceAccountAssertion,
} from '../../vendors/lineworks/index.ts';
import {
  connectorClients,
  deferToStatus,
  grantFrom,
  OAuthTokenSchema,
  oauthErrorReader,
  paceSlot,
} from './connector-kit.ts';
import { AuthRevokedError, VendorResponseError } from './errors.ts';
import { type FetchedPage, nextCursorOf, paginate } from './paginate.ts';
import type { DEFAULT_RATE_LIMITS, RateLimitsOf } from './rate-limits.ts';
import type { SyncHttp, TokenHolder, VendorErrorReader } from './sync-http.ts';
import {
  type AccessGrant,
  type ConnectorRuntime,
  type ListOptions,
  type ListResult,
  pageSizeOf,
  type SyncAuth,
  type SyncConnector,
} from './types.ts';

/** An app's service-account credentials in one LINE WORKS domain. */
export interface LineWorksCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly serviceAccount: string;
  /** PKCS#8 PEM of the service account's key. */
  readonly privateKey: string;
  /** The app's OAuth scopes as granted in the Developer Console, space-separated, e.g. `user.read group.read`. */
  readonly scope: string;
  /** The last refresh token, when one is stored (valid 90 days). */
  readonly refreshToken?: string;
}

const MetaData = z.looseObject({ nextCursor: z.string().nullish() }).nullish();

const UsersPage = z
  .looseObject({ users: z.array(LineWorksUserSchema), responseMetaData: MetaData })
  .transform((page) => ({ records: page.users, next: nextCursorOf(page.responseMetaData?.nextCursor) }));

const GroupsPage = z
  .looseObject({ groups: z.array(LineWorksGroupSchema), responseMetaData: MetaData })
  .transform((page) => ({ records: page.groups, next: nextCursorOf(page.responseMetaData?.nextCursor) }));

/** LINE WORKS' `{ code, description }` on a permanent refusal; 401, 429 and 5xx are the status's business. */
const readApiError: VendorErrorReader = (answer, label) => {
  if (deferToStatus(answer) || answer.status === 401) return null;
  const code = lineWorksErrorCode(answer.json) ?? `HTTP ${answer.status}`;
  const hint = answer.status === 403 ? ': grant the app the user.read and group.read scopes' : '';
  const init = {
    system: 'LINE_WORKS',
    failedAt: answer.now,
    attempts: answer.attempts,
    lastStatus: answer.status,
  } as const;
  return new VendorResponseError({ ...init, message: `${label} refused the request (${code})${hint}` });
};

const readTokenError = oauthErrorReader(
  'LINE_WORKS',
  ['invalid_client', 'unauthorized_client', 'invalid_grant'],
  'check the client id and secret, the service account and its private key in the Developer Console',
);

/** LINE WORKS' sync API: users and groups of one domain. */
export type LineWorksConnector = SyncConnector<LineWorksCredentials, LineWorksUser, LineWorksGroup>;

/** Settings of the LINE WORKS connector. */
export interface LineWorksConnectorOptions extends ConnectorRuntime<'LINE_WORKS'> {
  readonly apiBaseUrl?: string;
  readonly authBaseUrl?: string;
}

type LineWorksMethod = keyof typeof DEFAULT_RATE_LIMITS.LINE_WORKS;

/** What the LINE WORKS connector's calls share. */
interface LineWorksContext {
  readonly base: string;
  readonly tokenUrl: string;
  readonly clock: Clock;
  readonly api: SyncHttp;
  readonly login: SyncHttp;
  readonly limits: RateLimitsOf<'LINE_WORKS'>;
}

const byRefreshToken = async (
  ctx: LineWorksContext,
  credentials: LineWorksCredentials,
  refreshToken: string,
): Promise<AccessGrant> => {
  const form = {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  };
  // Refresh tokens rotate on use since December 2024: a repeat after a lost answer would be refused.
  const request = { url: ctx.tokenUrl, label: 'token', method: 'POST', form, idempotent: false } as const;
  return grantFrom(await ctx.login.call(request, OAuthTokenSchema), ctx.clock(), refreshToken);
};

const signAssertion = (ctx: LineWorksContext, credentials: LineWorksCredentials): string => {
  try {
    return serviceAccountAssertion({ ...credentials, now: ctx.clock() });
  } catch (error) {
    const message = 'the service-account private key cannot sign (not an RSA PKCS#8 PEM?); issue a new key';
    throw new AuthRevokedError({
      system: 'LINE_WORKS',
      message,
      failedAt: ctx.clock(),
      attempts: 0,
      cause: error,
    });
  }
};

const byAssertion = async (
  ctx: LineWorksContext,
  credentials: LineWorksCredentials,
): Promise<AccessGrant> => {
  const form = {
    assertion: signAssertion(ctx, credentials),
    grant_type: JWT_BEARER_GRANT,
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope: credentials.scope,
  };
  const request = { url: ctx.tokenUrl, label: 'token', method: 'POST', form } as const;
  return grantFrom(await ctx.login.call(request, OAuthTokenSchema), ctx.clock(), credentials.refreshToken);
};

/** The stored refresh token when there is one, else (or when it is refused) a service-account assertion. */
const lineWorksToken = async (
  ctx: LineWorksContext,
  credentials: LineWorksCredentials,
): Promise<AccessGrant> => {
  const stored = credentials.refreshToken;
  if (stored === undefined) return byAssertion(ctx, credentials);
  try {
    return await byRefreshToken(ctx, credentials, stored);
  } catch (error) {
    // An expired (90 days) or rotated-away refresh token is not fatal: the service account mints a new pair.
    if (error instanceof AuthRevokedError) return byAssertion(ctx, credentials);
    throw error;
  }
};

/** A `count`/`cursor` list, paced by its 240-a-minute quota per domain. */
const lineWorksLister =
  <T>(ctx: LineWorksContext, method: LineWorksMethod, schema: z.ZodType<FetchedPage<T>>) =>
  (auth: SyncAuth, list: ListOptions<T>): Promise<ListResult> => {
    const token: TokenHolder = { current: auth.accessToken, refresh: auth.refresh };
    const pace = [paceSlot('LINE_WORKS', auth.tenantKey, method, ctx.limits[method])];
    const count = String(pageSizeOf(list.pageSize, LINE_WORKS_MAX_COUNT));
    const fetchPage = (cursor: string | null) => {
      const query = new URLSearchParams({ count, ...(cursor === null ? {} : { cursor }) });
      return ctx.api.call({ url: `${ctx.base}/v1.0/${method}?${query}`, label: method, pace }, schema, token);
    };
    return paginate(fetchPage, list, { system: 'LINE_WORKS', clock: ctx.clock });
  };

/** A LINE WORKS connector: refresh-token grant with a service-account JWT fallback, `/users` and `/groups`. */
export const createLineWorksConnector = (options: LineWorksConnectorOptions = {}): LineWorksConnector => {
  const clients = connectorClients('LINE_WORKS', options, { api: readApiError, login: readTokenError });
  const ctx: LineWorksContext = {
    ...clients,
    base: trimBase(options.apiBaseUrl ?? LINE_WORKS_API_BASE_URL),
    tokenUrl: lineWorksTokenUrl(options.authBaseUrl ?? LINE_WORKS_AUTH_BASE_URL),
  };
  return {
    system: 'LINE_WORKS',
    refreshToken: (credentials) => lineWorksToken(ctx, credentials),
    listUsers: lineWorksLister(ctx, 'users', UsersPage),
    listGroups: lineWorksLister(ctx, 'groups', GroupsPage),
  };
};
