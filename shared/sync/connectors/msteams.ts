import * as z from 'zod';
import { type Clock, realSleep, systemClock } from '../../kernel/index.ts';
import {
  deferToStatus,
  grantFrom,
  OAuthTokenSchema,
  oauthErrorReader,
  paceSlot,
  trimBase,
} from './connector-kit.ts';
import { VendorResponseError } from './errors.ts';
import { type FetchedPage, nextCursorOf, paginate } from './paginate.ts';
import { type RateLimitsOf, RatePacer, rateLimitsOf } from './rate-limits.ts';
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

/** Microsoft Graph; local mode and tests point it at the fake. */
export const GRAPH_API_BASE_URL = 'https://graph.microsoft.com';
/** The Microsoft identity platform's token endpoints live under `/{tenant}/oauth2/v2.0/token` here. */
export const GRAPH_AUTH_BASE_URL = 'https://login.microsoftonline.com';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const USER_SELECT = 'id,displayName,mail,userPrincipalName,accountEnabled';
const GRAPH_MAX_TOP = 999;

/** A directory user, as far as sync reads it. */
export const GraphUserSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
});
export type GraphUser = z.infer<typeof GraphUserSchema>;

/** A team, as `GET /teams` lists it. */
export const GraphTeamSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  description: z.string().nullish(),
});
export type GraphTeam = z.infer<typeof GraphTeamSchema>;

/** A channel of a team (`membershipType`: standard, private or shared). */
export const GraphChannelSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  description: z.string().nullish(),
  membershipType: z.string().nullish(),
});
export type GraphChannel = z.infer<typeof GraphChannelSchema>;

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

const GraphErrorSchema = z.looseObject({ error: z.looseObject({ code: z.string() }) });

/** Graph's `{ error: { code } }` on a permanent refusal; 401, 429 and 5xx are the status's business. */
const readGraphError: VendorErrorReader = (answer, label) => {
  if (deferToStatus(answer) || answer.status === 401) return null;
  const parsed = GraphErrorSchema.safeParse(answer.json);
  const code = parsed.success ? parsed.data.error.code : `HTTP ${answer.status}`;
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
    scope: GRAPH_SCOPE,
    grant_type: 'client_credentials',
  };
  const url = `${ctx.authBase}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
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
  const first = `${ctx.base}/v1.0/users?$select=${USER_SELECT}&$top=${pageSizeOf(list.pageSize, GRAPH_MAX_TOP)}`;
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
  const clock = options.clock ?? systemClock;
  const pacer = options.pacer ?? new RatePacer({ clock, sleep: options.sleep ?? realSleep });
  const runtime = { ...options, clock, pacer, system: 'TEAMS' } as const;
  const ctx: TeamsContext = {
    base: trimBase(options.apiBaseUrl ?? GRAPH_API_BASE_URL),
    authBase: trimBase(options.authBaseUrl ?? GRAPH_AUTH_BASE_URL),
    clock,
    graph: new SyncHttp({ ...runtime, readError: readGraphError }),
    login: new SyncHttp({ ...runtime, readError: readTokenError }),
    limits: rateLimitsOf('TEAMS', options.rateLimits),
  };
  return {
    system: 'TEAMS',
    refreshToken: (credentials) => teamsToken(ctx, credentials),
    listUsers: (auth, list) => listGraphUsers(ctx, auth, list),
    listGroups: (auth, list) => listTeams(ctx, auth, list),
  };
};
