import * as z from 'zod';
import { type Clock, trimBase } from '../../kernel/index.ts';
import {
  GRAPH_API_BASE_URL,
  GRAPH_APP_SCOPE,
  GRAPH_LOGIN_BASE_URL,
  GRAPH_MAX_TOP,
  GRAPH_USER_SELECT,
  type GraphChannel,
  GraphChannelSchema,
  type GraphTeam,
  GraphTeamSchema,
  type GraphUser,
  GraphUserSchema,
  graphErrorCode,
  graphTokenUrl,
} from '../../vendors/msgraph/index.ts';
import {
  connectorClients,
  deferToStatus,
  grantFrom,
  OAuthTokenSchema,
  oauthErrorReader,
  paceSlot,
} from './connector-kit.ts';
import { VendorResponseError } from './errors.ts';
import { type FetchedPage, nextCursorOf, paginate } from './paginate.ts';
import type { RateLimitsOf } from './rate-limits.ts';
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

/** One team with all its channels: Teams' "group" record, one per team. */
export interface TeamsGroup {
  readonly team: GraphTeam;
  readonly channels: readonly GraphChannel[];
}

/** An app registration's client credentials in one customer tenant; Graph issues no refresh token. */
export interface TeamsCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

const collectionOf = <T>(item: z.ZodType<T>): z.ZodType<FetchedPage<T>> =>
  z
    .looseObject({ value: z.array(item), '@odata.nextLink': z.string().nullish() })
    .transform((page) => ({ records: page.value, next: nextCursorOf(page['@odata.nextLink']) }));

const UsersPage = collectionOf(GraphUserSchema);
const TeamsPage = collectionOf(GraphTeamSchema);
const ChannelsPage = collectionOf(GraphChannelSchema);

/** Graph's `{ error: { code } }` on a permanent refusal; 401, 429 and 5xx are the status's business. */
const readGraphError: VendorErrorReader = (answer, label) => {
  if (deferToStatus(answer) || answer.status === 401) return null;
  const code = graphErrorCode(answer.json) ?? `HTTP ${answer.status}`;
  const hint =
    answer.status === 403
      ? ': grant User.Read.All, Team.ReadBasic.All and Channel.ReadBasic.All with admin consent'
      : '';
  const message = `${label} refused the request (${code})${hint}`;
  const init = {
    system: 'TEAMS',
    failedAt: answer.now,
    attempts: answer.attempts,
    lastStatus: answer.status,
  } as const;
  return new VendorResponseError({ ...init, message });
};

const readTokenError = oauthErrorReader(
  'TEAMS',
  ['invalid_client', 'unauthorized_client', 'invalid_grant'],
  'the client secret expired or the tenant withdrew admin consent; renew the secret or consent again',
);

/** Teams through Microsoft Graph: directory users, and teams with their channels. */
export type TeamsConnector = SyncConnector<TeamsCredentials, GraphUser, TeamsGroup>;

/** Settings of the Teams connector. */
export interface TeamsConnectorOptions extends ConnectorRuntime<'TEAMS'> {
  readonly apiBaseUrl?: string;
  readonly authBaseUrl?: string;
}

/** What the Teams connector's calls share. */
interface TeamsContext {
  readonly base: string;
  readonly authBase: string;
  readonly clock: Clock;
  readonly graph: SyncHttp;
  readonly login: SyncHttp;
  readonly limits: RateLimitsOf<'TEAMS'>;
}

/** nextLinks are full URLs from the answer; the bearer token must never follow one to another host. */
const ownLink = (ctx: TeamsContext, link: string): string => {
  if (URL.canParse(link) && new URL(link).origin === new URL(ctx.base).origin) return link;
  const message = 'an @odata.nextLink points at another host; not sending the token there';
  throw new VendorResponseError({ system: 'TEAMS', message, failedAt: ctx.clock() });
};

const holderOf = (auth: SyncAuth): TokenHolder => ({ current: auth.accessToken, refresh: auth.refresh });

/** Client credentials: a fresh token every time, since Graph issues no refresh token to an app. */
const teamsToken = async (ctx: TeamsContext, credentials: TeamsCredentials): Promise<AccessGrant> => {
  const form = {
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope: GRAPH_APP_SCOPE,
    grant_type: 'client_credentials',
  };
  const url = graphTokenUrl(ctx.authBase, credentials.tenantId);
  const answer = await ctx.login.call({ url, label: 'token', method: 'POST', form }, OAuthTokenSchema);
  return grantFrom(answer, ctx.clock(), undefined);
};

/** Every channel of one team, paced by the tenant's and the team's quotas. */
const channelsOf = async (ctx: TeamsContext, auth: SyncAuth, token: TokenHolder, teamId: string) => {
  const pace = [
    paceSlot('TEAMS', auth.tenantKey, 'teams', ctx.limits.teams),
    paceSlot('TEAMS', auth.tenantKey, `team:${teamId}`, ctx.limits.team),
  ];
  const channels: GraphChannel[] = [];
  let url: string | null = `${ctx.base}/v1.0/teams/${encodeURIComponent(teamId)}/channels`;
  while (url !== null) {
    const page: FetchedPage<GraphChannel> = await ctx.graph.call(
      { url, label: 'channels', pace },
      ChannelsPage,
      token,
    );
    channels.push(...page.records);
    url = page.next === null ? null : ownLink(ctx, page.next);
  }
  return channels;
};

const listGraphUsers = (
  ctx: TeamsContext,
  auth: SyncAuth,
  list: ListOptions<GraphUser>,
): Promise<ListResult> => {
  const token = holderOf(auth);
  const pace = [paceSlot('TEAMS', auth.tenantKey, 'users', ctx.limits.users)];
  const first = `${ctx.base}/v1.0/users?$select=${GRAPH_USER_SELECT}&$top=${pageSizeOf(list.pageSize, GRAPH_MAX_TOP)}`;
  const fetchPage = (cursor: string | null) => {
    const url = cursor === null ? first : ownLink(ctx, cursor);
    return ctx.graph.call({ url, label: 'users', pace }, UsersPage, token);
  };
  return paginate(fetchPage, list, { system: 'TEAMS', clock: ctx.clock });
};

const listTeams = (ctx: TeamsContext, auth: SyncAuth, list: ListOptions<TeamsGroup>): Promise<ListResult> => {
  const token = holderOf(auth);
  const pace = [paceSlot('TEAMS', auth.tenantKey, 'teams', ctx.limits.teams)];
  const first = `${ctx.base}/v1.0/teams?$top=${pageSizeOf(list.pageSize, GRAPH_MAX_TOP)}`;
  const fetchPage = async (cursor: string | null): Promise<FetchedPage<TeamsGroup>> => {
    const url = cursor === null ? first : ownLink(ctx, cursor);
    const page = await ctx.graph.call({ url, label: 'teams', pace }, TeamsPage, token);
    // One team at a time: the tenant-wide 30 rps bucket is the limit anyway, and a failure stops at once.
    const records: TeamsGroup[] = [];
    for (const team of page.records)
      records.push({ team, channels: await channelsOf(ctx, auth, token, team.id) });
    return { records, next: page.next };
  };
  return paginate(fetchPage, list, { system: 'TEAMS', clock: ctx.clock });
};

/** A Teams connector: client-credentials tokens, `/users`, `/teams` and each team's `/channels`. */
export const createTeamsConnector = (options: TeamsConnectorOptions = {}): TeamsConnector => {
  const clients = connectorClients('TEAMS', options, { api: readGraphError, login: readTokenError });
  const ctx: TeamsContext = {
    ...clients,
    base: trimBase(options.apiBaseUrl ?? GRAPH_API_BASE_URL),
    authBase: trimBase(options.authBaseUrl ?? GRAPH_LOGIN_BASE_URL),
    graph: clients.api,
  };
  return {
    system: 'TEAMS',
    refreshToken: (credentials) => teamsToken(ctx, credentials),
    listUsers: (auth, list) => listGraphUsers(ctx, auth, list),
    listGroups: (auth, list) => listTeams(ctx, auth, list),
  };
};
